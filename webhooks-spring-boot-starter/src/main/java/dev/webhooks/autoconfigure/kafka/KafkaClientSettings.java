package dev.webhooks.autoconfigure.kafka;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * The settings of the relay's producer, the worker's consumer and the topic's admin client: the application's
 * {@code spring.kafka.*} and connection details, as Spring Boot's own clients get them, then what the relay and the
 * worker rely on, which no property may change.
 */
final class KafkaClientSettings {

	private KafkaClientSettings() {
	}

	/** An idempotent producer that waits for every replica, so a retried send is neither lost nor written twice. */
	static Map<String, Object> producer(KafkaProperties kafka, @Nullable KafkaConnectionDetails connection) {
		Map<String, Object> settings = kafka.buildProducerProperties();
		if (connection != null) {
			apply(settings, connection.getProducer());
		}
		settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		// a transactional producer would need a transaction around each send
		settings.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		return settings;
	}

	/**
	 * A consumer whose offsets are committed only once the outcomes are written, starting from the oldest record a
	 * new group finds, and that never creates the topic: the relay creates it with the partitions configured.
	 */
	static Map<String, Object> consumer(KafkaProperties kafka, @Nullable KafkaConnectionDetails connection,
			String groupId) {
		Map<String, Object> settings = kafka.buildConsumerProperties();
		if (connection != null) {
			apply(settings, connection.getConsumer());
		}
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		// a worker that subscribed before the relay created the topic finds it within 30 s, not the client's 5 minutes
		settings.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
		return settings;
	}

	static Map<String, Object> admin(KafkaProperties kafka, @Nullable KafkaConnectionDetails connection) {
		Map<String, Object> settings = kafka.buildAdminProperties();
		if (connection != null) {
			apply(settings, connection.getAdmin());
		}
		return settings;
	}

	// as Spring Boot applies connection details (e.g. from a service connection) to its own clients
	private static void apply(Map<String, Object> settings, KafkaConnectionDetails.Configuration connection) {
		settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
		String securityProtocol = connection.getSecurityProtocol();
		if (StringUtils.hasLength(securityProtocol)) {
			settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
		}
		SslBundle sslBundle = connection.getSslBundle();
		if (sslBundle != null) {
			settings.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
			settings.put(SslBundle.class.getName(), sslBundle);
		}
	}

}
