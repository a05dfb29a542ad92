package dev.webhooks.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.testing.OutboxDatabaseTests;
import dev.webhooks.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka mode with workers in processes of their own, on PostgreSQL (which processes can share): several workers in
 * one consumer group, and a worker killed in the middle of its batches.
 */
class PostgresKafkaWorkerProcessTests extends OutboxDatabaseTests {

	private final Clock clock = Clock.systemUTC();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final List<KafkaWorkerProcess> workers = new ArrayList<>();

	private CountingReceiver receiver;

	private KafkaTestBroker broker;

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

	@BeforeEach
	void startReceiverBrokerAndRelay() throws Exception {
		this.database.emptyOutbox();
		this.receiver = new CountingReceiver();
		this.broker = new KafkaTestBroker().start();
		KafkaProducer<String, byte[]> producer = KafkaTestWorker.producer(this.broker.bootstrapServers());
		this.closeables.add(producer);
		OutboxRelay relay = KafkaTestWorker.relay(new JdbcDeliveryLeases(this.dataSource, KafkaTestWorker.JSON),
				producer, "relay-a", Duration.ofMinutes(5));
		this.closeables.add(relay);
		relay.start();
	}

	@AfterEach
	void stopEverything() throws Exception {
		for (KafkaWorkerProcess worker : this.workers) {
			if (worker.isAlive()) {
				worker.kill();
			}
		}
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		this.broker.close();
		this.receiver.close();
	}

	@Test
	void threeWorkerProcessesOnOneTopicSendEachDeliveryOnce() throws Exception {
		for (int i = 1; i <= 3; i++) {
			startWorker("worker-" + i);
		}
		awaitGroupOf(3);
		int count = 3_000;
		write("msg_", count);

		await().atMost(Duration.ofSeconds(120)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == count);
		assertThat(this.receiver.distinctIds()).isEqualTo(count);
		assertThat(this.receiver.duplicates()).as("requests sent twice in a clean run").isZero();
		assertThat(this.store.count(DeliveryStatus.FAILED)).isZero();
		assertThat(this.receiver.badSignatures).hasValue(0);
		for (KafkaWorkerProcess worker : this.workers) {
			worker.stop();
		}
	}

	@Test
	void aWorkerKilledMidBatchLosesNothingAndItsSuccessorSendsOnlyWhatWasInFlight() throws Exception {
		// each request takes a while, so the worker always has a batch in flight
		this.receiver.answer((request) -> {
			sleep(Duration.ofMillis(20));
			return 200;
		});
		KafkaWorkerProcess first = startWorker("worker-1");
		awaitGroupOf(1);
		int count = 2_000;
		write("msg_", count);
		await().atMost(Duration.ofSeconds(60)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) >= 400);
		first.kill();
		long succeededAtKill = this.store.count(DeliveryStatus.SUCCEEDED);
		assertThat(succeededAtKill).as("killed in the middle of the job").isLessThan(count);

		startWorker("worker-2");
		await().atMost(Duration.ofSeconds(120)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == count);
		assertThat(this.receiver.distinctIds()).isEqualTo(count);
		assertThat(this.store.count(DeliveryStatus.FAILED)).isZero();
		// only what the killed worker had sent without its outcome written: at most its 32 concurrent sends, and the
		// outcomes waiting for their batch write
		assertThat(this.receiver.duplicates()).as("deliveries sent twice").isLessThanOrEqualTo(100);
		assertThat(this.receiver.badSignatures).hasValue(0);
	}

	private KafkaWorkerProcess startWorker(String name) throws Exception {
		KafkaWorkerProcess worker = KafkaWorkerProcess.start(this.broker.bootstrapServers(), this.database.jdbcUrl(),
				this.database.username(), this.database.password(), name);
		this.workers.add(worker);
		return worker;
	}

	/** Waits until the group has settled with this many members, so that no rebalance runs during the job. */
	private void awaitGroupOf(int members) {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers());
		try (Admin admin = Admin.create(properties)) {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
				ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("shop-webhooks"))
					.describedGroups().get("shop-webhooks").get();
				return group.groupState() == GroupState.STABLE && group.members().size() == members
						&& group.members().stream().allMatch((member) -> !member.assignment().topicPartitions().isEmpty());
			});
		}
	}

	private void write(String prefix, int count) {
		List<NewDelivery> batch = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			batch.add(new NewDelivery(prefix + i, Target.server("receiver"), this.receiver.url(), "POST", Map.of(),
					"orders.updated", "Order", String.valueOf(i), "{\"id\":" + i + "}", this.clock.instant()));
			if (batch.size() == 100) {
				write(batch);
				batch = new ArrayList<>();
			}
		}
		if (!batch.isEmpty()) {
			write(batch);
		}
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
