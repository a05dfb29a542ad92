package dev.webhooks.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import dev.webhooks.capture.CaptureObserver;
import dev.webhooks.delivery.DeliveryCommands;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.delivery.jdbc.JdbcDeliveryCommands;
import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.delivery.jdbc.JdbcDeliveryQueries;
import dev.webhooks.delivery.jdbc.JdbcOutboxWriter;
import dev.webhooks.delivery.jdbc.JdbcTargetStates;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.DeliveryListener;
import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.EndpointResolver;
import dev.webhooks.dispatch.ExponentialBackoffRetryPolicy;
import dev.webhooks.dispatch.RetryPolicy;
import dev.webhooks.dispatch.TargetPolicy;
import dev.webhooks.dispatch.TargetStateRecorder;
import dev.webhooks.dispatch.WebhookRequests;
import dev.webhooks.dispatch.WebhookTransport;
import dev.webhooks.hooks.HookRegistry;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.eventlog.EventLogSink;
import dev.webhooks.events.OperationalEventListener;
import dev.webhooks.events.OperationalWebhooks;
import dev.webhooks.hooks.HookDeliveries;
import dev.webhooks.publish.OutboxSink;
import dev.webhooks.publish.OutboxWebhookPublisher;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.publish.TransactionBinding;
import dev.webhooks.publish.WebhookPublisher;
import dev.webhooks.signing.WebhookSigner;
import dev.webhooks.spring.events.ApplicationOperationalEvents;
import dev.webhooks.spring.transaction.SpringTransactionBinding;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * The outbox on the application's data source, the publisher that writes to it, and the dispatcher that sends it.
 */
@AutoConfiguration(after = { WebhooksAutoConfiguration.class, DataSourceAutoConfiguration.class,
		SslAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
// orders the beans of WebhooksSchemaDependentsDetector after the database initializers, as JdbcTemplate's does
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class WebhooksOutboxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "webhooks.schema.enabled", matchIfMissing = true)
	WebhooksSchemaInitializer webhooksSchemaInitializer(DataSource dataSource) {
		return new WebhooksSchemaInitializer(dataSource);
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxWriter webhooksOutboxWriter(JsonMapper jsonMapper) {
		return new JdbcOutboxWriter(jsonMapper);
	}

	// the stores below are created after the schema initializer: see WebhooksSchemaDependentsDetector

	@Bean
	@ConditionalOnMissingBean
	DeliveryLeases webhooksDeliveryLeases(DataSource dataSource, JsonMapper jsonMapper) {
		return new JdbcDeliveryLeases(dataSource, jsonMapper);
	}

	@Bean
	@ConditionalOnMissingBean
	DeliveryQueries webhooksDeliveryQueries(DataSource dataSource, JsonMapper jsonMapper) {
		return new JdbcDeliveryQueries(dataSource, jsonMapper);
	}

	@Bean
	@ConditionalOnMissingBean
	DeliveryCommands webhooksDeliveryCommands(DataSource dataSource) {
		return new JdbcDeliveryCommands(dataSource);
	}

	@Bean
	@ConditionalOnMissingBean
	TargetStates webhooksTargetStates(DataSource dataSource) {
		return new JdbcTargetStates(dataSource);
	}

	/**
	 * Turns captured changes and published messages into deliveries; the outbox itself is looked up at the first
	 * write, so the sink can be registered while the entity manager factory is still being built.
	 */
	@Bean
	@ConditionalOnMissingBean
	OutboxSink webhooksOutboxSink(PeerServers peers, JsonMapper jsonMapper, ObjectProvider<OutboxWriter> store,
			ObjectProvider<OutboxWakeUp> wakeUps, Clock clock, ObjectProvider<HookDeliveries> hooks,
			ObjectProvider<CaptureObserver> observers, WebhooksProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		OutboxSink sink = new OutboxSink(peers, jsonMapper, store::getObject, OutboxWakeUp.all(wakeUps), clock,
				hooks.getIfAvailable(), CaptureObserver.of(observers.orderedStream().toList()),
				properties.getCapture().getOnFailure());
		observationRegistry.ifAvailable(sink::setObservationRegistry);
		return sink;
	}

	@Bean
	@ConditionalOnMissingBean
	TransactionBinding webhooksTransactionBinding(DataSource dataSource) {
		return new SpringTransactionBinding(dataSource);
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookPublisher webhookPublisher(OutboxSink outbox, TransactionBinding transactions,
			ObjectProvider<EventLogSink> eventLog) {
		return new OutboxWebhookPublisher(outbox, transactions, eventLog.getIfAvailable());
	}

	/** Builds and signs every request sent: the dispatcher's deliveries and the hook test sends alike. */
	@Bean
	@ConditionalOnMissingBean
	WebhookRequests webhooksRequests(PeerServers peers, WebhookSigner signer, Clock clock) {
		return new WebhookRequests(DispatcherSettings.DEFAULT_USER_AGENT, peers.appId(), signer, clock);
	}

	/** Wakes the dispatcher of this instance, if it has one, after a commit that wrote deliveries. */
	@Bean
	OutboxWakeUp webhooksDispatcherWakeUp(ObjectProvider<DeliveryDispatcher> dispatcher) {
		return () -> dispatcher.ifAvailable(DeliveryDispatcher::wakeUp);
	}

	/** Operational events as Spring application events. */
	@Bean
	@ConditionalOnMissingBean(name = "webhooksApplicationOperationalEvents")
	ApplicationOperationalEvents webhooksApplicationOperationalEvents(ApplicationEventPublisher publisher) {
		return new ApplicationOperationalEvents(publisher);
	}

	/** Operational events as webhooks to the server named by webhooks.dispatch.operational-webhook-server. */
	@Bean
	@ConditionalOnMissingBean(name = "webhooksOperationalWebhooks")
	@ConditionalOnProperty("webhooks.dispatch.operational-webhook-server")
	OperationalWebhooks webhooksOperationalWebhooks(WebhooksProperties properties,
			ObjectProvider<WebhookPublisher> publisher) {
		String server = properties.getDispatch().getOperationalWebhookServer();
		if (!properties.getServers().containsKey(server)) {
			throw new InvalidWebhooksPropertyException("webhooks.dispatch.operational-webhook-server",
					"names server '" + server + "', which is not among webhooks.servers " + properties.getServers()
						.keySet());
		}
		// looked up per event: the publisher is built after the listeners it may notify
		return new OperationalWebhooks((message) -> publisher.getObject().publish(message), server);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "webhooks.dispatch.enabled", matchIfMissing = true)
	static class DispatchConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RetryPolicy webhooksRetryPolicy(WebhooksProperties properties) {
			RetryProperties retry = properties.getRetry();
			return new ExponentialBackoffRetryPolicy(new ExponentialBackoffRetryPolicy.Settings(retry.getMaxAttempts(),
					retry.getInitialInterval(), retry.getMultiplier(), retry.getMaxInterval(), retry.getJitter()));
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		WebhookTransport webhooksTransport(WebhooksProperties properties,
				ObjectProvider<WebhooksHttpClientCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
			HttpProperties http = properties.getHttp();
			OkHttpTransportSettings settings = new OkHttpTransportSettings(http.getConnectTimeout(),
					http.getReadTimeout(), http.getWriteTimeout(), http.getCallTimeout(), http.getMaxIdleConnections(),
					http.getKeepAlive(), http.getConnectRetries(), false, http.isAllowPrivateAddresses());
			OkHttpWebhookTransport.Builder transport = OkHttpWebhookTransport.builder(settings)
				.allowedNetworks(http.networkRanges())
				.proxy(http.okHttpProxy())
				.customizer((builder) -> customizers.orderedStream()
					.forEach((customizer) -> customizer.customize(builder)));
			ServerSslBundles.apply(properties.getServers(), sslBundles.getIfAvailable(), transport);
			return transport.build();
		}

		/** Warns at start-up about each configured server the private-address guard will refuse. */
		@Bean
		ServerAddressCheck webhooksServerAddressCheck(WebhooksProperties properties) {
			HttpProperties http = properties.getHttp();
			return new ServerAddressCheck(properties.getServers(), http.addressGuard(), http.okHttpProxy());
		}

		@Bean
		@ConditionalOnMissingBean
		TargetPolicy webhooksTargetPolicy(WebhooksProperties properties,
				ObjectProvider<OperationalEventListener> events, ObjectProvider<HookRegistry> hooks) {
			return TargetPolicies.of(properties, OperationalEventListener.of(events.orderedStream().toList()),
					hooks.getIfUnique());
		}

		/** Builds the dispatcher of either mode, so that both send alike. */
		@Bean
		@ConditionalOnMissingBean
		DeliveryDispatchers webhooksDeliveryDispatchers(WebhooksProperties properties, PeerServers peers,
				WebhookTransport transport, WebhookRequests requests, RetryPolicy retryPolicy, Clock clock,
				ObjectProvider<EndpointResolver> endpointResolver, ObjectProvider<DeliveryListener> listeners,
				ObjectProvider<TargetStateRecorder> targetStates,
				ObjectProvider<ObservationRegistry> observationRegistry, TargetPolicy targetPolicy,
				Environment environment, ResourceLoader resourceLoader) {
			if (properties.getDispatch().getMode() == DispatchProperties.Mode.KAFKA) {
				requireKafkaClasses(resourceLoader.getClassLoader());
			}
			return new DeliveryDispatchers(properties, peers, transport, requests, retryPolicy, clock,
					endpointResolver, listeners, targetStates, observationRegistry, targetPolicy, environment);
		}

	}

	// without them the Kafka mode's auto-configuration does not apply, and nothing would send the outbox
	private static void requireKafkaClasses(@Nullable ClassLoader classLoader) {
		for (String[] required : new String[][] {
				{ "org.apache.kafka.clients.consumer.KafkaConsumer", "org.apache.kafka:kafka-clients" },
				{ "org.springframework.boot.kafka.autoconfigure.KafkaProperties",
						"org.springframework.boot:spring-boot-kafka" } }) {
			if (!ClassUtils.isPresent(required[0], classLoader)) {
				throw new InvalidWebhooksPropertyException("webhooks.dispatch.mode",
						"'kafka' needs " + required[1] + " on the class path (" + required[0] + " is missing)");
			}
		}
	}

	/** Each dispatcher claims from the outbox table. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "webhooks.dispatch.enabled", matchIfMissing = true)
	@ConditionalOnProperty(name = "webhooks.dispatch.mode", havingValue = "database", matchIfMissing = true)
	static class DatabaseDispatchConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DeliveryDispatcher webhooksDeliveryDispatcher(DeliveryDispatchers dispatchers, DeliveryLeases leases) {
			return dispatchers.create(leases);
		}

		@Bean
		DeliveryDispatcherLifecycle webhooksDeliveryDispatcherLifecycle(DeliveryDispatcher dispatcher) {
			return new DeliveryDispatcherLifecycle(dispatcher);
		}

	}

}
