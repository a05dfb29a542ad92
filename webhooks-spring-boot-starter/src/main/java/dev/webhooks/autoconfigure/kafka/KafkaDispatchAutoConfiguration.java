package dev.webhooks.autoconfigure.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.webhooks.autoconfigure.DeliveryDispatchers;
import dev.webhooks.autoconfigure.HttpProperties;
import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.OutboxWakeUp;
import dev.webhooks.autoconfigure.WebhooksOutboxAutoConfiguration;
import dev.webhooks.autoconfigure.WebhooksProperties;
import dev.webhooks.autoconfigure.operations.OperationsAutoConfiguration;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.kafka.DeliveryRecords;
import dev.webhooks.kafka.KafkaDeliveryLeases;
import dev.webhooks.kafka.OutboxRelay;
import dev.webhooks.kafka.RelaySettings;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.spring.actuate.RelayStatus;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Dispatch through Kafka, {@code webhooks.dispatch.mode=kafka}: an outbox relay publishes due deliveries to a topic
 * ({@code webhooks.kafka.relay.*}), and a worker's dispatcher consumes it and sends them
 * ({@code webhooks.kafka.worker.*}); each instance runs either or both. The clients are configured from
 * {@code spring.kafka.*}. Without the mode set nothing here applies, and the dispatcher claims from the outbox table.
 */
@AutoConfiguration(after = WebhooksOutboxAutoConfiguration.class,
		afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		// the operations' metrics are conditional on the dispatcher defined here
		before = OperationsAutoConfiguration.class)
@ConditionalOnClass({ KafkaConsumer.class, KafkaProperties.class })
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "webhooks.dispatch.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "webhooks.dispatch.mode", havingValue = "kafka")
@ConditionalOnBean({ DeliveryLeases.class, DeliveryDispatchers.class })
@EnableConfigurationProperties({ KafkaDispatchProperties.class, KafkaProperties.class })
public final class KafkaDispatchAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeliveryRecords webhooksDeliveryRecords(JsonMapper jsonMapper) {
		return new DeliveryRecords(jsonMapper);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "webhooks.kafka.relay.enabled", matchIfMissing = true)
	static class RelayConfiguration {

		/** The relay's own producer: not offered to the application's injection points. */
		@Bean(defaultCandidate = false)
		Producer<String, byte[]> webhooksRelayProducer(KafkaProperties kafka,
				ObjectProvider<KafkaConnectionDetails> connection) {
			return new KafkaProducer<>(KafkaClientSettings.producer(kafka, connection.getIfAvailable()));
		}

		/** Closed after it stopped; its producer is closed after it, as a bean it depends on. */
		@Bean
		@ConditionalOnMissingBean
		OutboxRelay webhooksOutboxRelay(DeliveryLeases leases,
				@Qualifier("webhooksRelayProducer") Producer<String, byte[]> producer, DeliveryRecords records,
				KafkaDispatchProperties kafka, WebhooksProperties webhooks, PeerServers peers, Clock clock) {
			requireLeaseLongerThanACall(kafka.getRelay().getLease(), webhooks.getHttp());
			RelaySettings settings = RelaySettings
				.defaults(peers.appId() + "-relay@" + DispatcherSettings.defaultLeaseOwner())
				.withTopic(kafka.getTopic())
				.withLease(kafka.getRelay().getLease())
				.withBatchSize(kafka.getRelay().getBatchSize())
				.withPollInterval(kafka.getRelay().getPollInterval());
			return new OutboxRelay(leases, producer, records, settings, clock);
		}

		@Bean
		OutboxRelayLifecycle webhooksOutboxRelayLifecycle(OutboxRelay relay, KafkaDispatchProperties kafka,
				KafkaProperties kafkaProperties, ObjectProvider<KafkaConnectionDetails> connection) {
			return new OutboxRelayLifecycle(relay,
					kafka.isCreateTopic()
							? KafkaClientSettings.admin(kafkaProperties, connection.getIfAvailable()) : null,
					kafka.getPartitions(), kafka.getReplicationFactor());
		}

		/** Commits that wrote deliveries wake the relay, which publishes them at once. */
		@Bean
		OutboxWakeUp webhooksRelayWakeUp(OutboxRelay relay) {
			return relay::wakeUp;
		}

		@Bean
		RelayStatus webhooksRelayStatus(OutboxRelay relay) {
			return new RelayStatus() {

				@Override
				public boolean isRunning() {
					return relay.isRunning();
				}

				@Override
				public @Nullable Instant lastRelayAt() {
					return relay.lastRelayAt().orElse(null);
				}

				@Override
				public @Nullable String lastError() {
					return relay.lastError().orElse(null);
				}

				@Override
				public long relayedCount() {
					return relay.relayedCount();
				}

			};
		}

		// the worker sends under the relay's lease: one expiring mid-call would have the delivery published again
		private static void requireLeaseLongerThanACall(Duration lease, HttpProperties http) {
			Duration longestCall = http.getCallTimeout().multipliedBy(1 + http.getConnectRetries());
			if (lease.compareTo(longestCall) <= 0) {
				throw new InvalidWebhooksPropertyException("webhooks.kafka.relay.lease",
						lease + " must be longer than the longest HTTP call, webhooks.http.call-timeout ("
								+ http.getCallTimeout() + ") times 1 + webhooks.http.connect-retries ("
								+ http.getConnectRetries() + ") = " + longestCall
								+ ", or a delivery still being sent could be published again");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "webhooks.kafka.worker.enabled", matchIfMissing = true)
	static class WorkerConfiguration {

		/**
		 * The worker's leases: only for its dispatcher, so that everything else still finds the outbox's own
		 * {@link DeliveryLeases}. Closed after the dispatcher stopped.
		 */
		@Bean(defaultCandidate = false)
		KafkaDeliveryLeases webhooksKafkaDeliveryLeases(DeliveryLeases outbox, DeliveryRecords records,
				KafkaDispatchProperties kafka, KafkaProperties kafkaProperties,
				ObjectProvider<KafkaConnectionDetails> connection, PeerServers peers) {
			KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClientSettings
				.consumer(kafkaProperties, connection.getIfAvailable(), kafka.groupIdOr(peers.appId())));
			return new KafkaDeliveryLeases(outbox, consumer, records, kafka.getTopic(),
					kafka.getWorker().getPollTimeout());
		}

		@Bean
		@ConditionalOnMissingBean
		DeliveryDispatcher webhooksDeliveryDispatcher(DeliveryDispatchers dispatchers,
				@Qualifier("webhooksKafkaDeliveryLeases") KafkaDeliveryLeases leases,
				ObjectProvider<OutboxRelay> relay) {
			DeliveryDispatcher dispatcher = dispatchers.create(leases);
			// a claim waits in the consumer's poll: claiming again at once beats the dispatcher's poll interval
			leases.pollAgain(dispatcher::wakeUp);
			// an ordered delivery finished makes the next of its lane due: the local relay publishes it at once
			relay.ifAvailable((available) -> leases.onOrderedFinished(available::wakeUp));
			return dispatcher;
		}

		@Bean
		KafkaWorkerLifecycle webhooksKafkaWorkerLifecycle(DeliveryDispatcher dispatcher,
				@Qualifier("webhooksKafkaDeliveryLeases") KafkaDeliveryLeases leases) {
			return new KafkaWorkerLifecycle(dispatcher, leases);
		}

	}

}
