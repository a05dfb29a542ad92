package dev.webhooks.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.testing.OutboxDatabaseTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka mode end to end: deliveries written to the outbox, an {@link OutboxRelay} publishing them to a real broker,
 * a worker dispatcher consuming them and sending to a real receiver that verifies every signature, and the outcomes
 * written back to the outbox. One subclass per database.
 */
abstract class AbstractKafkaDispatchTests extends OutboxDatabaseTests {

	private final Clock clock = Clock.systemUTC();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private CountingReceiver receiver;

	private KafkaTestBroker broker;

	@BeforeEach
	void startReceiverAndBroker() throws Exception {
		this.database.emptyOutbox();
		this.receiver = new CountingReceiver();
		this.broker = new KafkaTestBroker();
	}

	@AfterEach
	void stopEverything() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		this.closeables.clear();
		this.broker.close();
		this.receiver.close();
	}

	@Test
	void everyDeliveryArrivesOnceSignedAndIsRecordedAsSucceeded() {
		this.broker.start();
		startRelay("relay-a", Duration.ofMinutes(5));
		startWorker("worker-a", KafkaTestWorker.RETRY_SOON);
		int count = 500;
		writeUnordered("msg_", count);

		await().atMost(Duration.ofSeconds(60)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == count);
		assertThat(this.receiver.distinctIds()).isEqualTo(count);
		assertThat(this.receiver.duplicates()).as("requests sent twice in a clean run").isZero();
		assertThat(this.receiver.badSignatures).hasValue(0);
		Delivery one = this.store.queries().find("msg_7").orElseThrow();
		assertThat(one.attemptCount()).isEqualTo(1);
		assertThat(one.leaseOwner()).isNull();
		assertThat(this.store.queries().attempts("msg_7")).singleElement()
			.satisfies((attempt) -> assertThat(attempt.statusCode()).isEqualTo(200));
	}

	@Test
	void failedAttemptsAreRetriedThroughTheOutboxUntilTheBudgetIsSpent() {
		Map<String, Integer> seen = new ConcurrentHashMap<>();
		this.receiver.answer((request) -> {
			String id = request.getHeaders().get("webhook-id");
			int attempt = seen.merge(id, 1, Integer::sum);
			if (id.equals("msg_dead")) {
				return 500;
			}
			return (attempt == 1) ? 500 : 200;
		});
		this.broker.start();
		startRelay("relay-a", Duration.ofMinutes(5));
		startWorker("worker-a", KafkaTestWorker.RETRY_SOON);
		writeUnordered("msg_", 20);
		write(List.of(delivery("msg_dead", "Order", "dead", null)));

		await().atMost(Duration.ofSeconds(60)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 20
				&& this.store.count(DeliveryStatus.FAILED) == 1);
		List<DeliveryAttempt> retried = this.store.queries().attempts("msg_3");
		assertThat(retried).extracting(DeliveryAttempt::statusCode).containsExactly(500, 200);
		List<DeliveryAttempt> dead = this.store.queries().attempts("msg_dead");
		assertThat(dead).hasSize(5).extracting(DeliveryAttempt::statusCode).containsOnly(500);
		assertThat(this.store.queries().find("msg_dead").orElseThrow().attemptCount()).isEqualTo(5);
	}

	@Test
	void aGoneTargetFailsAtOnceAndRetryAfterIsHonouredAsInDatabaseMode() {
		Map<String, Integer> seen = new ConcurrentHashMap<>();
		this.receiver.answer((request) -> {
			String id = request.getHeaders().get("webhook-id");
			int attempt = seen.merge(id, 1, Integer::sum);
			if (id.startsWith("gone_")) {
				return 410;
			}
			return (attempt == 1) ? CountingReceiver.THROTTLED : 200;
		});
		this.broker.start();
		startRelay("relay-a", Duration.ofMinutes(5));
		startWorker("worker-a", KafkaTestWorker.RETRY_SOON);
		write(List.of(delivery("gone_1", "Order", "1", null)));
		write(List.of(delivery("slow_1", "Order", "2", null)));

		await().atMost(Duration.ofSeconds(60)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 1
				&& this.store.count(DeliveryStatus.FAILED) == 1);
		assertThat(this.store.queries().attempts("gone_1")).extracting(DeliveryAttempt::statusCode).containsExactly(410);
		List<DeliveryAttempt> throttled = this.store.queries().attempts("slow_1");
		assertThat(throttled).extracting(DeliveryAttempt::statusCode).containsExactly(429, 200);
		assertThat(Duration.between(throttled.get(0).startedAt(), throttled.get(1).startedAt()))
			.as("time between the 429 and the next attempt").isGreaterThanOrEqualTo(Duration.ofMillis(1900));
		// a throttled attempt does not spend the budget
		assertThat(this.store.queries().find("slow_1").orElseThrow().attemptCount()).isEqualTo(1);
	}

	@Test
	void aBrokerDownAtStartAndReplacedMidRunLosesNothing() {
		// the relay and the worker start before the broker exists
		startRelay("relay-a", Duration.ofSeconds(3));
		startWorker("worker-a", KafkaTestWorker.RETRY_SOON);
		writeUnordered("early_", 200);
		sleep(Duration.ofSeconds(2));
		assertThat(this.store.count(DeliveryStatus.PENDING)).as("nothing claimed while the broker is down")
			.isEqualTo(200);

		this.broker.start();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 200);

		// a broker replaced with an empty log loses what was published and not consumed: the relay's lease brings it back
		this.receiver.answer((request) -> {
			sleep(Duration.ofMillis(20));
			return 200;
		});
		writeUnordered("late_", 300);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) > 220);
		this.broker.stop();
		writeUnordered("down_", 100);
		sleep(Duration.ofSeconds(1));
		this.broker.start();

		await().atMost(Duration.ofSeconds(120)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 600);
		assertThat(this.store.count(DeliveryStatus.FAILED)).isZero();
		assertThat(this.receiver.distinctIds()).isEqualTo(600);
		assertThat(this.receiver.badSignatures).hasValue(0);
	}

	@Test
	void orderedDeliveriesArriveInOrderThroughTheTopic() {
		int entities = 20;
		int versions = 10;
		Map<Integer, Queue<Integer>> accepted = new ConcurrentHashMap<>();
		this.receiver.answer((request) -> {
			JsonNode body = KafkaTestWorker.JSON.readTree(request.getBody().utf8());
			if (ThreadLocalRandom.current().nextInt(100) < 25) {
				return 500;
			}
			accepted.computeIfAbsent(body.get("entity").asInt(), (key) -> new ConcurrentLinkedQueue<>())
				.add(body.get("version").asInt());
			return 200;
		});
		this.broker.start();
		startRelay("relay-a", Duration.ofMinutes(5));
		startRelay("relay-b", Duration.ofMinutes(5));
		startWorker("worker-a", KafkaTestWorker.retrySoon(50));
		for (int version = 1; version <= versions; version++) {
			for (int entity = 0; entity < entities; entity++) {
				write(List.of(delivery("v_" + entity + "_" + version, "Order", String.valueOf(entity),
						"Order:" + entity, "{\"entity\":" + entity + ",\"version\":" + version + "}")));
			}
		}

		await().atMost(Duration.ofSeconds(120))
			.until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == entities * versions);
		List<Integer> inOrder = IntStream.rangeClosed(1, versions).boxed().toList();
		for (int entity = 0; entity < entities; entity++) {
			assertThat(new ArrayList<>(accepted.get(entity))).as("versions of entity %d", entity).isEqualTo(inOrder);
		}
	}

	private void startRelay(String owner, Duration lease) {
		KafkaProducer<String, byte[]> producer = KafkaTestWorker.producer(this.broker.bootstrapServers());
		this.closeables.add(producer);
		OutboxRelay relay = KafkaTestWorker.relay(new JdbcDeliveryLeases(this.dataSource, KafkaTestWorker.JSON),
				producer, owner, lease);
		this.closeables.add(relay);
		relay.start();
	}

	private void startWorker(String name, dev.webhooks.dispatch.RetryPolicy retryPolicy) {
		KafkaTestWorker worker = new KafkaTestWorker(this.dataSource, this.broker.bootstrapServers(), name,
				retryPolicy, 32);
		this.closeables.add(worker);
		worker.start();
	}

	private void writeUnordered(String prefix, int count) {
		List<NewDelivery> batch = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			batch.add(delivery(prefix + i, "Order", String.valueOf(i), null));
			if (batch.size() == 50) {
				write(batch);
				batch = new ArrayList<>();
			}
		}
		if (!batch.isEmpty()) {
			write(batch);
		}
	}

	private NewDelivery delivery(String id, String entityType, String entityId, String orderingKey) {
		return delivery(id, entityType, entityId, orderingKey, "{\"id\":\"" + id + "\"}");
	}

	private NewDelivery delivery(String id, String entityType, String entityId, String orderingKey, String payload) {
		NewDelivery delivery = new NewDelivery(id, Target.server("receiver"), this.receiver.url(), "POST", Map.of(),
				"orders.updated", entityType, entityId, payload, this.clock.instant());
		return (orderingKey != null) ? delivery.withOrderingKey(orderingKey) : delivery;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
