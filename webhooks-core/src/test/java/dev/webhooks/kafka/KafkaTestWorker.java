package dev.webhooks.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.DeliveryListener;
import dev.webhooks.dispatch.TargetLimits;
import dev.webhooks.dispatch.TargetPolicy;
import dev.webhooks.dispatch.WebhookRequests;
import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.Endpoint;
import dev.webhooks.dispatch.ExponentialBackoffRetryPolicy;
import dev.webhooks.dispatch.RetryPolicy;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.signing.WebhookSigner;

/** Relays and workers assembled as an application would, against a real broker and a real database. */
final class KafkaTestWorker implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final RetryPolicy RETRY_SOON = retrySoon(5);

	static RetryPolicy retrySoon(int maxAttempts) {
		return new ExponentialBackoffRetryPolicy(ExponentialBackoffRetryPolicy.Settings.defaults()
			.withMaxAttempts(maxAttempts).withInitialInterval(Duration.ofMillis(50)).withMultiplier(1.0).withJitter(0));
	}

	private final OkHttpWebhookTransport transport;

	private final KafkaDeliveryLeases leases;

	private final DeliveryDispatcher dispatcher;

	KafkaTestWorker(DataSource dataSource, String bootstrapServers, String name, RetryPolicy retryPolicy,
			int maxConcurrency) {
		// calls shorter than the relays' short leases in some tests, or every record would be given back unsent
		this(dataSource, bootstrapServers, name, retryPolicy, maxConcurrency, Duration.ofSeconds(1));
	}

	KafkaTestWorker(DataSource dataSource, String bootstrapServers, String name, RetryPolicy retryPolicy,
			int maxConcurrency, Duration callTimeout) {
		this.transport = new OkHttpWebhookTransport(OkHttpTransportSettings.defaults().withAllowPrivateAddresses(true)
			.withCallTimeout(callTimeout).withConnectRetries(0));
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers));
		this.leases = new KafkaDeliveryLeases(new JdbcDeliveryLeases(dataSource, JSON), consumer,
				new DeliveryRecords(JSON), RelaySettings.DEFAULT_TOPIC, Duration.ofMillis(200));
		DispatcherSettings settings = DispatcherSettings.defaults("shop").withLeaseOwner(name)
			.withMaxConcurrency(maxConcurrency);
		// the policy an application gets: lanes, breaker and throttling
		this.dispatcher = new DeliveryDispatcher(this.leases,
				(delivery) -> Optional.of(new Endpoint(delivery.url(), List.of(CountingReceiver.SECRET), Map.of())),
				this.transport, new WebhookRequests(settings.userAgent(), settings.sourceId(), new WebhookSigner(),
						Clock.systemUTC()),
				retryPolicy, settings, Clock.systemUTC(), DeliveryListener.NONE, null,
				TargetPolicy.defaults().withLimits((target) -> TargetLimits.concurrency(maxConcurrency)));
		this.leases.pollAgain(this.dispatcher::wakeUp);
	}

	KafkaTestWorker start() {
		this.dispatcher.start();
		return this;
	}

	DeliveryDispatcher dispatcher() {
		return this.dispatcher;
	}

	KafkaDeliveryLeases leases() {
		return this.leases;
	}

	@Override
	public void close() {
		this.dispatcher.stop();
		this.leases.close();
		this.transport.close();
	}

	static Properties consumerProperties(String bootstrapServers) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "shop-webhooks");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
		// a worker that subscribed before the topic existed finds its partitions within a second
		properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1_000);
		// the broker's least: a killed worker's partitions move to the others within seconds
		properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
		properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return properties;
	}

	static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		properties.put(ProducerConfig.LINGER_MS_CONFIG, 2);
		properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
		properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
		properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return new KafkaProducer<>(properties);
	}

	static OutboxRelay relay(DeliveryLeases leases, KafkaProducer<String, byte[]> producer, String owner,
			Duration lease) {
		return new OutboxRelay(leases, producer, new DeliveryRecords(JSON), RelaySettings.defaults(owner)
			.withLease(lease).withBatchSize(200).withPollInterval(Duration.ofMillis(100))
			.withErrorBackoff(Duration.ofMillis(200)), Clock.systemUTC());
	}

}
