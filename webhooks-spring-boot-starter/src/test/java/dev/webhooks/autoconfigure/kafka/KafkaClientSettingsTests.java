package dev.webhooks.autoconfigure.kafka;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientSettingsTests {

	@Test
	void theProducerIsIdempotentWithAcksAllWhateverTheApplicationSets() {
		KafkaProperties kafka = new KafkaProperties();
		kafka.setBootstrapServers(List.of("kafka-1:9092"));
		kafka.getProducer().setAcks("1");
		kafka.getProducer().getProperties().put("enable.idempotence", "false");
		kafka.getProducer().getProperties().put("linger.ms", "7");
		Map<String, Object> producer = KafkaClientSettings.producer(kafka, null);
		assertThat(producer).containsEntry("enable.idempotence", true)
			.containsEntry("acks", "all")
			.containsEntry("key.serializer", StringSerializer.class)
			.containsEntry("value.serializer", ByteArraySerializer.class)
			.containsEntry("linger.ms", "7")
			.containsEntry("bootstrap.servers", List.of("kafka-1:9092"));
	}

	@Test
	void theConsumerCommitsItselfStartsFromTheOldestRecordAndNeverCreatesTheTopic() {
		KafkaProperties kafka = new KafkaProperties();
		kafka.getConsumer().setEnableAutoCommit(true);
		kafka.getConsumer().setAutoOffsetReset("latest");
		kafka.getConsumer().setGroupId("someone-elses");
		Map<String, Object> consumer = KafkaClientSettings.consumer(kafka, null, "shop-webhooks");
		assertThat(consumer).containsEntry("group.id", "shop-webhooks")
			.containsEntry("enable.auto.commit", false)
			.containsEntry("auto.offset.reset", "earliest")
			.containsEntry("allow.auto.create.topics", false)
			.containsEntry("metadata.max.age.ms", 30_000)
			.containsEntry("key.deserializer", StringDeserializer.class)
			.containsEntry("value.deserializer", ByteArrayDeserializer.class);
	}

	@Test
	void connectionDetailsNameTheBrokers() {
		KafkaConnectionDetails connection = () -> List.of("from-service-connection:9092");
		assertThat(KafkaClientSettings.admin(new KafkaProperties(), connection)).containsEntry("bootstrap.servers",
				List.of("from-service-connection:9092"));
		assertThat(KafkaClientSettings.consumer(new KafkaProperties(), connection, "group"))
			.containsEntry("bootstrap.servers", List.of("from-service-connection:9092"));
	}

}
