package dev.webhooks.publish;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import dev.webhooks.capture.CaptureFailurePolicy;
import dev.webhooks.capture.CaptureObserver;
import dev.webhooks.capture.CapturePlan;
import dev.webhooks.capture.CapturedEntity;
import dev.webhooks.capture.ChangeSink;
import dev.webhooks.capture.ChangeType;
import dev.webhooks.capture.DeliveryFactory;
import dev.webhooks.capture.EntityChange;
import dev.webhooks.capture.TransactionBuffer;
import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.hooks.HookDeliveries;
import dev.webhooks.hooks.HookEvent;
import dev.webhooks.message.EnvelopeCodec;
import dev.webhooks.message.InboundContext;
import dev.webhooks.message.WebhookEnvelope;
import dev.webhooks.observation.CaptureContext;
import dev.webhooks.publish.PeerServers.Peer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns captured changes and published messages into outbox deliveries: one per target server, rendered once in the
 * {@link WebhookEnvelope}, and one per runtime hook that fires. The deliveries of a transaction are inserted in one
 * batch just before it commits, and the dispatcher is woken once it has.
 */
public final class OutboxSink implements ChangeSink {

	private static final Logger logger = LoggerFactory.getLogger(OutboxSink.class);

	private final PeerServers peers;

	private final JsonMapper jsonMapper;

	private final EnvelopeCodec codec;

	private final Clock clock;

	private final @Nullable HookDeliveries hooks;

	private final CaptureObserver observer;

	private final CaptureFailurePolicy failurePolicy;

	private final TransactionBuffer.Batch<NewDelivery> outbox;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/**
	 * @param store the outbox, looked up at the first write so the sink can be registered while the session factory
	 * is still being built
	 * @param afterCommit what to do once a transaction with deliveries commits, typically waking the dispatcher
	 * @param hooks the runtime hooks, which may listen to any entity, annotated or not; {@code null} for none
	 * @param observer hears of every captured change and failed capture, for metrics
	 * @param failurePolicy what a change whose payload cannot be written does: fail the business transaction, or
	 * become {@code FAILED} deliveries carrying the reason (the hooks apply their own copy of the policy)
	 */
	public OutboxSink(PeerServers peers, JsonMapper jsonMapper, Supplier<OutboxWriter> store, Runnable afterCommit,
			Clock clock, @Nullable HookDeliveries hooks, CaptureObserver observer, CaptureFailurePolicy failurePolicy) {
		this.peers = peers;
		this.jsonMapper = jsonMapper;
		this.codec = new EnvelopeCodec(jsonMapper);
		this.clock = clock;
		this.hooks = hooks;
		this.observer = observer;
		this.failurePolicy = failurePolicy;
		this.outbox = new OutboxBatch(store, afterCommit);
	}

	/**
	 * Observes each capture ({@code webhooks.capture}); with a tracer, the deliveries store the trace context of the
	 * business transaction so that their attempts continue its trace. {@link ObservationRegistry#NOOP} by default.
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
	}

	/**
	 * Checks that an {@code @HttpReceiver} entity names configured servers and existing attributes.
	 */
	@Override
	public void validate(CapturedEntity entity, Set<String> attributes) {
		CapturePlan plan = entity.plan();
		if (plan == null) {
			return;
		}
		String where = "@HttpReceiver on " + entity.javaType().getName();
		try {
			this.peers.targets(plan.servers(), null);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(where + ": " + ex.getMessage());
		}
		requireAttributes(where, "include", plan.attributes().include(), attributes);
		requireAttributes(where, "exclude", plan.attributes().exclude(), attributes);
	}

	private static void requireAttributes(String where, String list, Set<String> names, Set<String> attributes) {
		for (String name : names) {
			if (!attributes.contains(name)) {
				throw new IllegalStateException(where + ": " + list + " names '" + name + "', which is not an attribute "
						+ "of the entity (attributes: " + String.join(", ", attributes) + ")");
			}
		}
	}

	@Override
	public boolean wants(CapturedEntity entity, ChangeType change) {
		CapturePlan plan = entity.plan();
		return (plan != null && plan.captures(change)) || (this.hooks != null && this.hooks.hasHooks(entity.name()));
	}

	@Override
	public void accept(EntityChange change, TransactionBuffer buffer) {
		CapturePlan plan = change.entity().plan();
		// an update that only touched attributes the servers never see would send them a copy of what they have
		boolean toServers = plan != null && plan.captures(change.change()) && change.changesAny(plan.attributes());
		HookDeliveries hooks = (this.hooks != null && this.hooks.hasHooks(change.entityType())) ? this.hooks : null;
		if (!toServers && hooks == null) {
			return;
		}
		Instant now = this.clock.instant();
		List<NewDelivery> deliveries = new ArrayList<>();
		Observation observation = CaptureContext.start(this.observationRegistry, change.type(), change.entityType());
		try {
			if (toServers) {
				deliveries.addAll(serverDeliveries(change, plan, now));
			}
			if (hooks != null) {
				deliveries.addAll(hooks.deliveries(new HookEvent(change.type(), change.entity().topic(),
						change.entityType(), change.change().event(), change.id(), change.instance(),
						snapshot(change.state(), "the state of " + change.entityType() + " " + change.id()),
						this.jsonMapper.createObjectNode()), now));
			}
		}
		catch (RuntimeException ex) {
			this.observer.captureFailed(change.entityType(), change.type(), ex);
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		CaptureContext.written(observation, deliveries);
		observation.stop();
		if (!deliveries.isEmpty()) {
			observe(change.entityType(), change.type(), deliveries);
			buffer.add(this.outbox, traced(deliveries, observation));
		}
	}

	/**
	 * Puts a published message in the outbox: one delivery per target server, and one per runtime hook of its
	 * entity type that lists its event.
	 * @return the ids of the deliveries
	 * @throws PayloadSerializationException when its data cannot be written as JSON
	 * @throws IllegalArgumentException when it names a server that is not configured with a URL
	 */
	public List<String> publish(OutgoingMessage message, TransactionBuffer buffer) {
		Instant now = this.clock.instant();
		List<Peer> targets = this.peers.targets(message.servers(), InboundContext.currentSource());
		String entityType = message.entityType();
		Observation observation = CaptureContext.start(this.observationRegistry, message.type(), entityType);
		List<NewDelivery> deliveries = new ArrayList<>();
		try {
			JsonNode data = (message.data() != null) ? snapshot(message.data()) : this.jsonMapper.nullNode();
			if (!targets.isEmpty()) {
				JsonNode entityId = (message.entityId() != null) ? snapshot(message.entityId()) : null;
				deliveries.addAll(serverDeliveries(targets, WebhookEnvelope.of(message.type(), now,
						this.peers.appId(), message.topic(), message.event(), entityType, entityId, data),
						message.orderingKey()));
			}
			if (this.hooks != null && entityType != null && this.hooks.hasHooks(entityType)) {
				deliveries.addAll(this.hooks.deliveries(new HookEvent(message.type(), message.topic(), entityType,
						message.event(), message.entityId(), message.data(), data, snapshot(message.arguments())),
						now));
			}
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		CaptureContext.written(observation, deliveries);
		observation.stop();
		if (deliveries.isEmpty()) {
			return List.of();
		}
		buffer.add(this.outbox, traced(deliveries, observation));
		return deliveries.stream().map(NewDelivery::id).toList();
	}

	/** The deliveries carrying the trace context of their capture, when a tracer wrote one. */
	private static List<NewDelivery> traced(List<NewDelivery> deliveries, Observation capture) {
		Map<String, String> traceContext = CaptureContext.traceContext(capture);
		if (traceContext.isEmpty()) {
			return deliveries;
		}
		List<NewDelivery> traced = new ArrayList<>(deliveries.size());
		for (NewDelivery delivery : deliveries) {
			traced.add(delivery.withTraceContext(traceContext));
		}
		return traced;
	}

	private List<NewDelivery> serverDeliveries(EntityChange change, CapturePlan plan, Instant now) {
		List<Peer> targets = this.peers.targets(plan.servers(), InboundContext.currentSource());
		if (targets.isEmpty()) {
			return List.of();
		}
		String orderingKey = plan.ordered() ? DeliveryFactory.entityOrderingKey(change.entityType(), idText(change.id()))
				: null;
		try {
			return serverDeliveries(targets,
					WebhookEnvelope.of(change.type(), now, this.peers.appId(), plan.topic(), change.change().event(),
							change.entityType(), snapshot(change.id()), snapshot(change.state(plan.attributes()),
									"the state of " + change.entityType() + " " + change.id())),
					orderingKey);
		}
		catch (PayloadSerializationException ex) {
			if (this.failurePolicy == CaptureFailurePolicy.FAIL_TRANSACTION) {
				throw ex;
			}
			String entityId = idText(change.id());
			List<NewDelivery> failed = new ArrayList<>(targets.size());
			for (Peer target : targets) {
				failed.add(DeliveryFactory.create(Target.server(target.id()), target.url(), "POST", Map.of(),
						change.type(), change.entityType(), entityId, "", now, ex.getMessage())
					.withOrderingKey(orderingKey));
			}
			return failed;
		}
	}

	// the envelope is written once, whatever the number of servers
	private List<NewDelivery> serverDeliveries(List<Peer> targets, WebhookEnvelope envelope,
			@Nullable String orderingKey) {
		String payload;
		try {
			payload = this.codec.write(envelope);
		}
		catch (JacksonException ex) {
			throw new PayloadSerializationException("Could not write the '" + envelope.type() + "' message as JSON: "
					+ ex.getOriginalMessage(), ex);
		}
		String entityId = DeliveryFactory.idText(envelope.entityId());
		List<NewDelivery> deliveries = new ArrayList<>(targets.size());
		for (Peer target : targets) {
			deliveries.add(DeliveryFactory.create(Target.server(target.id()), target.url(), "POST", Map.of(),
					envelope.type(), envelope.entityType(), entityId, payload, envelope.timestamp(), null)
				.withOrderingKey(orderingKey));
		}
		return deliveries;
	}

	/**
	 * Renders data now, so later changes to the objects it came from do not change what is sent.
	 * @throws PayloadSerializationException when the data cannot be written as JSON
	 */
	private JsonNode snapshot(Object data) {
		return snapshot(data, data.getClass().getName());
	}

	private JsonNode snapshot(Object data, String what) {
		try {
			return this.jsonMapper.valueToTree(data);
		}
		catch (JacksonException ex) {
			throw new PayloadSerializationException(
					"Could not serialize " + what + " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private @Nullable String idText(Object id) {
		try {
			return DeliveryFactory.idText(snapshot(id));
		}
		catch (PayloadSerializationException ex) {
			return String.valueOf(id);
		}
	}

	// deliveries stored as failed (by the servers' part or by a hook) are logged and counted as failed captures
	private void observe(String entityType, String eventType, List<NewDelivery> deliveries) {
		int written = 0;
		for (NewDelivery delivery : deliveries) {
			if (delivery.failure() == null) {
				written++;
			}
			else {
				logger.warn("Stored delivery {} of {} for {} as FAILED: {}", delivery.id(), eventType,
						delivery.target(), delivery.failure());
				this.observer.captureFailed(entityType, eventType, new CaptureFailedException(delivery.failure()));
			}
		}
		if (written > 0) {
			this.observer.captured(entityType, eventType, written);
		}
	}

	/** Writes a transaction's deliveries in one insert and wakes the dispatcher once they are committed. */
	private static final class OutboxBatch implements TransactionBuffer.Batch<NewDelivery> {

		private final Supplier<OutboxWriter> store;

		private final Runnable afterCommit;

		OutboxBatch(Supplier<OutboxWriter> store, Runnable afterCommit) {
			this.store = store;
			this.afterCommit = afterCommit;
		}

		@Override
		public void beforeCommit(Connection connection, List<NewDelivery> deliveries) {
			this.store.get().insert(connection, deliveries);
		}

		@Override
		public void afterCommit(List<NewDelivery> deliveries) {
			this.afterCommit.run();
		}

		@Override
		public String toString() {
			return "the outbox";
		}

	}

	/** Why a change was stored as a failed delivery, for observers. */
	private static final class CaptureFailedException extends RuntimeException {

		CaptureFailedException(String message) {
			super(message, null, false, false);
		}

	}

}
