package dev.webhooks.autoconfigure;

import java.time.Clock;

import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.DeliveryListener;
import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.EndpointResolver;
import dev.webhooks.dispatch.RetryPolicy;
import dev.webhooks.dispatch.TargetPolicy;
import dev.webhooks.dispatch.TargetStateRecorder;
import dev.webhooks.dispatch.WebhookRequests;
import dev.webhooks.dispatch.WebhookTransport;
import dev.webhooks.publish.PeerServers;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Builds this instance's {@link DeliveryDispatcher} over the leases of the dispatch mode (the outbox's own, or in
 * Kafka mode those that feed it from the topic) with everything else the application configured: settings,
 * transport, retry and target policies, listeners, observation and worker threads.
 */
public final class DeliveryDispatchers {

	private final WebhooksProperties properties;

	private final PeerServers peers;

	private final WebhookTransport transport;

	private final WebhookRequests requests;

	private final RetryPolicy retryPolicy;

	private final Clock clock;

	private final ObjectProvider<EndpointResolver> endpointResolver;

	private final ObjectProvider<DeliveryListener> listeners;

	private final ObjectProvider<TargetStateRecorder> targetStates;

	private final ObjectProvider<ObservationRegistry> observationRegistry;

	private final TargetPolicy targetPolicy;

	private final Environment environment;

	DeliveryDispatchers(WebhooksProperties properties, PeerServers peers, WebhookTransport transport,
			WebhookRequests requests, RetryPolicy retryPolicy, Clock clock,
			ObjectProvider<EndpointResolver> endpointResolver, ObjectProvider<DeliveryListener> listeners,
			ObjectProvider<TargetStateRecorder> targetStates, ObjectProvider<ObservationRegistry> observationRegistry,
			TargetPolicy targetPolicy, Environment environment) {
		this.properties = properties;
		this.peers = peers;
		this.transport = transport;
		this.requests = requests;
		this.retryPolicy = retryPolicy;
		this.clock = clock;
		this.endpointResolver = endpointResolver;
		this.listeners = listeners;
		this.targetStates = targetStates;
		this.observationRegistry = observationRegistry;
		this.targetPolicy = targetPolicy;
		this.environment = environment;
	}

	/** A dispatcher, not yet started, that claims from {@code leases}. */
	public DeliveryDispatcher create(DeliveryLeases leases) {
		DispatchProperties dispatch = this.properties.getDispatch();
		DispatcherSettings settings = DispatcherSettings.defaults(this.peers.appId())
			.withLeaseOwner(this.peers.appId() + "@" + DispatcherSettings.defaultLeaseOwner())
			.withPollInterval(dispatch.getPollInterval())
			.withBatchSize(dispatch.getBatchSize())
			.withMaxConcurrency(dispatch.getMaxConcurrency())
			.withLeaseDuration(dispatch.getLeaseDuration())
			.withShutdownGracePeriod(dispatch.getShutdownGracePeriod())
			.withLoggerName(dispatch.getLoggerName());
		// a primary resolver (runtime hooks add one) takes over; otherwise the peer servers resolve targets
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(leases,
				this.endpointResolver.getIfUnique(() -> this.peers), this.transport, this.requests, this.retryPolicy,
				settings, this.clock, DeliveryListener.of(this.listeners.orderedStream().toList()),
				this.targetStates.getIfAvailable(), this.targetPolicy);
		this.observationRegistry.ifAvailable(dispatcher::setObservationRegistry);
		// spring.threads.virtual.enabled on Java 21+: each send waits on the network, which a virtual thread does
		// without holding a platform thread
		if (Threading.VIRTUAL.isActive(this.environment)) {
			dispatcher.setWorkerThreadFactory(
					new VirtualThreadTaskExecutor("webhooks-dispatch-worker-").getVirtualThreadFactory());
		}
		return dispatcher;
	}

}
