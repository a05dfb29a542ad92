package dev.webhooks.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.testing.OutboxDatabaseTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The relay's rounds against a producer whose broker takes, refuses or cannot be reached, on a real outbox. One
 * subclass per database.
 */
abstract class AbstractOutboxRelayTests extends OutboxDatabaseTests {

	private final Clock clock = Clock.systemUTC();

	private MockProducer<String, byte[]> producer;

	private OutboxRelay relay;

	@BeforeEach
	void emptyOutbox() {
		this.database.emptyOutbox();
		this.producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
		this.relay = new OutboxRelay(new JdbcDeliveryLeases(this.dataSource, KafkaTestWorker.JSON), this.producer,
				new DeliveryRecords(KafkaTestWorker.JSON), RelaySettings.defaults("relay-a").withBatchSize(2),
				this.clock);
	}

	@Test
	void aRoundPublishesTheOldestDueDeliveriesKeyedByTargetAndEntityAndLeavesThemClaimed() {
		write(List.of(delivery("d1", "1", -3), delivery("d2", "2", -2), delivery("d3", "1", -1),
				delivery("later", "4", 60)));

		assertThat(this.relay.relayOnce()).isEqualTo(2);
		assertThat(this.relay.relayOnce()).isEqualTo(1);
		assertThat(this.relay.relayOnce()).isZero();

		List<ProducerRecord<String, byte[]>> published = this.producer.history();
		assertThat(published).extracting(ProducerRecord::key)
			.containsExactly("receiver|Order:1", "receiver|Order:2", "receiver|Order:1");
		assertThat(published).extracting(ProducerRecord::topic).containsOnly(RelaySettings.DEFAULT_TOPIC);
		Delivery sent = new DeliveryRecords(KafkaTestWorker.JSON).read(published.get(0).value());
		Delivery stored = this.store.queries().find("d1").orElseThrow();
		assertThat(stored.status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
		assertThat(sent.leaseOwner()).isEqualTo(stored.leaseOwner()).isEqualTo("relay-a#1");
		assertThat(this.store.queries().find("d3").orElseThrow().leaseOwner()).isEqualTo("relay-a#2");
		assertThat(stored.leaseExpiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));
		assertThat(this.relay.relayedCount()).isEqualTo(3);
		assertThat(this.store.queries().find("later").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
	}

	@Test
	void aBrokerThatCannotBeReachedCostsNoClaim() {
		write(List.of(delivery("d1", "1", -1)));
		this.producer.partitionsForException = new TimeoutException("Topic not present in metadata after 2000 ms");

		assertThatExceptionOfType(TimeoutException.class).isThrownBy(this.relay::relayOnce);

		Delivery untouched = this.store.queries().find("d1").orElseThrow();
		assertThat(untouched.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(untouched.attemptCount()).isZero();
		assertThat(this.producer.history()).isEmpty();
	}

	@Test
	void refusedRecordsAreGivenBackAtOnceWithoutSpendingAnAttemptAndPublishedAgainWithTheSameKey() {
		write(List.of(delivery("d1", "1", -2), delivery("d2", "2", -1)));
		this.producer.sendException = new TimeoutException("Expiring 2 record(s)");

		assertThatExceptionOfType(OutboxRelay.RelayException.class).isThrownBy(this.relay::relayOnce)
			.withMessageContaining("2 of 2 deliveries were not published to 'webhooks.deliveries' and were given back");
		for (String id : List.of("d1", "d2")) {
			Delivery given = this.store.queries().find(id).orElseThrow();
			assertThat(given.status()).as(id).isEqualTo(DeliveryStatus.PENDING);
			assertThat(given.attemptCount()).as(id).isZero();
			assertThat(given.leaseOwner()).as(id).isNull();
		}

		this.producer.sendException = null;
		assertThat(this.relay.relayOnce()).isEqualTo(2);
		assertThat(this.producer.history()).extracting(ProducerRecord::key)
			.containsExactly("receiver|Order:1", "receiver|Order:2");
		assertThat(this.store.queries().find("d1").orElseThrow().attemptCount()).isEqualTo(1);
	}

	private NewDelivery delivery(String id, String entityId, int dueInSeconds) {
		Instant at = this.clock.instant().plusSeconds(dueInSeconds);
		return new NewDelivery(id, Target.server("receiver"), "https://example.com/in", "POST", Map.of(),
				"orders.updated", "Order", entityId, "{}", at);
	}

}
