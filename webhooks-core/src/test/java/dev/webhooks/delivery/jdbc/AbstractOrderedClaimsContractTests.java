package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.testing.OutboxDatabaseTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every database must do for ordered deliveries: of the rows sharing a target and an ordering key (a lane), only
 * the earliest unfinished one is ever claimed, by one dispatcher or several, across lease expiry; one subclass per
 * database.
 */
abstract class AbstractOrderedClaimsContractTests extends OutboxDatabaseTests {

	private static final Instant NOW = Instant.parse("2026-03-29T01:30:00.123456Z");

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@BeforeEach
	void emptyTables() throws SQLException {
		this.database.emptyOutbox();
	}

	@Test
	void claimsOnlyTheHeadOfEachLaneAndEveryUnorderedDelivery() {
		write(List.of(ordered("o1", "billing", "Order:1"), ordered("p1", "billing", "Order:2"),
				ordered("o2", "billing", "Order:1"), unordered("u1"), ordered("o3", "billing", "Order:1"),
				ordered("p2", "billing", "Order:2"), unordered("u2")));
		assertThat(claim("dispatcher-a", NOW)).containsExactlyInAnyOrder("o1", "p1", "u1", "u2");
		assertThat(claim("dispatcher-a", NOW)).isEmpty();
	}

	@Test
	void theSameKeyToAnotherTargetIsAnotherLane() {
		write(List.of(ordered("a1", "alpha", "Order:1"), ordered("b1", "beta", "Order:1"),
				ordered("a2", "alpha", "Order:1"), ordered("b2", "beta", "Order:1")));
		assertThat(claim("dispatcher-a", NOW)).containsExactlyInAnyOrder("a1", "b1");
	}

	@Test
	void laneOrderIsWriteOrderWhateverTheCreationTimes() {
		// a second instance whose clock is behind writes the later change
		write(List.of(createdAt(ordered("first", "billing", "Order:1"), NOW)));
		write(List.of(createdAt(ordered("second", "billing", "Order:1"), NOW.minusSeconds(5))));
		assertThat(claim("dispatcher-a", NOW)).containsExactly("first");
	}

	@Test
	void aHeadWaitingForItsRetryHoldsBackOnlyItsOwnLane() {
		write(List.of(ordered("o1", "billing", "Order:1"), ordered("o2", "billing", "Order:1"),
				ordered("p1", "billing", "Order:2"), ordered("p2", "billing", "Order:2")));
		assertThat(claim("dispatcher-a", NOW)).containsExactlyInAnyOrder("o1", "p1");
		complete("dispatcher-a", "o1", DeliveryStatus.PENDING, NOW.plusSeconds(60));
		complete("dispatcher-a", "p1", DeliveryStatus.SUCCEEDED, null);
		assertThat(claim("dispatcher-a", NOW.plusSeconds(1))).containsExactly("p2");
		complete("dispatcher-a", "p2", DeliveryStatus.SUCCEEDED, null);
		assertThat(claim("dispatcher-a", NOW.plusSeconds(61))).containsExactly("o1");
		complete("dispatcher-a", "o1", DeliveryStatus.SUCCEEDED, null);
		assertThat(claim("dispatcher-a", NOW.plusSeconds(62))).containsExactly("o2");
	}

	@Test
	void anExpiredLeaseGivesTheHeadAgainAndNeverTheNextOne() {
		write(List.of(ordered("o1", "billing", "Order:1"), ordered("o2", "billing", "Order:1")));
		assertThat(claim("dispatcher-a", NOW)).containsExactly("o1");
		// dispatcher-a crashed: its lease runs out
		assertThat(claim("dispatcher-b", NOW.plus(LEASE))).containsExactly("o1");
		assertThat(claim("dispatcher-b", NOW.plus(LEASE))).isEmpty();
		complete("dispatcher-b", "o1", DeliveryStatus.SUCCEEDED, null);
		assertThat(claim("dispatcher-b", NOW.plus(LEASE))).containsExactly("o2");
	}

	@Test
	void aFailedHeadLetsTheLaneMoveOn() {
		write(List.of(ordered("o1", "billing", "Order:1"), ordered("o2", "billing", "Order:1")));
		claim("dispatcher-a", NOW);
		complete("dispatcher-a", "o1", DeliveryStatus.FAILED, null);
		assertThat(claim("dispatcher-a", NOW)).containsExactly("o2");
	}

	@Test
	void cancellingAStuckHeadLetsTheLaneMoveOn() {
		write(List.of(ordered("o1", "billing", "Order:1"), ordered("o2", "billing", "Order:1"),
				ordered("o3", "billing", "Order:1")));
		claim("dispatcher-a", NOW);
		complete("dispatcher-a", "o1", DeliveryStatus.PENDING, NOW.plus(Duration.ofHours(10)));
		assertThat(claim("dispatcher-a", NOW.plusSeconds(1))).isEmpty();
		assertThat(this.store.commands().cancel(DeliverySelection.ids(List.of("o1")), NOW.plusSeconds(2))).isOne();
		assertThat(claim("dispatcher-a", NOW.plusSeconds(3))).containsExactly("o2");
	}

	@Test
	void aHeadGivenBackUnsentStaysTheHead() {
		write(List.of(ordered("o1", "billing", "Order:1"), ordered("o2", "billing", "Order:1")));
		claim("dispatcher-a", NOW);
		this.store.leases().release("dispatcher-a", List.of("o1"), NOW);
		assertThat(claim("dispatcher-b", NOW)).containsExactly("o1");
	}

	/**
	 * Another dispatcher holds the head's row lock in an open claim, as it does between taking the row and
	 * committing: a claim that skips locked rows must still see the head unfinished and leave the lane alone.
	 */
	@Test
	void aClaimThatSkipsAHeadLockedByAnotherDispatcherDoesNotTakeTheNextDeliveryOfItsLane() throws Exception {
		write(List.of(ordered("o1", "billing", "Order:1"), ordered("o2", "billing", "Order:1"), unordered("u1")));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (HikariDataSource other = pool("dispatcher-a", 1); Connection claimInProgress = other.getConnection()) {
			claimInProgress.setAutoCommit(false);
			try (PreparedStatement lock = claimInProgress.prepareStatement("UPDATE webhooks_deliveries SET "
					+ "status = 'IN_FLIGHT', lease_owner = 'dispatcher-a', lease_expires_at = ?, "
					+ "attempt_count = 1 WHERE id = 'o1'")) {
				OutboxDialect.of(claimInProgress).instants().bind(lock, 1, NOW.plus(LEASE));
				assertThat(lock.executeUpdate()).isOne();
			}
			// H2 has no SKIP LOCKED and waits for the lock, so the lock is let go while the claim runs
			Future<List<String>> claimed = executor.submit(() -> claim("dispatcher-b", NOW.plusSeconds(1)));
			Thread.sleep(300);
			claimInProgress.commit();
			assertThat(claimed.get(30, TimeUnit.SECONDS)).containsExactly("u1");
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.store.queries().find("o2").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
	}

	/**
	 * Dispatchers of two applications claim and complete at once, some attempts failing for a retry due at once:
	 * never are two deliveries of one lane held together, and each lane succeeds in write order.
	 */
	@Test
	void dispatchersClaimingInParallelNeverHoldTwoDeliveriesOfALaneAndFinishEachLaneInOrder() throws Exception {
		int lanes = 40;
		int perLane = 15;
		List<NewDelivery> deliveries = new ArrayList<>();
		for (int version = 0; version < perLane; version++) {
			for (int lane = 0; lane < lanes; lane++) {
				deliveries.add(ordered("l" + lane + "-v" + version, "billing", "Order:" + lane));
			}
		}
		write(deliveries);
		Map<String, String> held = new ConcurrentHashMap<>();
		Map<String, Queue<Integer>> succeeded = new ConcurrentHashMap<>();
		Queue<String> violations = new ConcurrentLinkedQueue<>();
		int stores = 2;
		int threadsPerStore = 2;
		List<HikariDataSource> pools = new ArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(stores * threadsPerStore);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> dispatchers = new ArrayList<>();
			for (int s = 0; s < stores; s++) {
				HikariDataSource pool = pool("dispatcher-" + s, threadsPerStore);
				pools.add(pool);
				JdbcOutbox store = JdbcOutbox.of(pool, JSON);
				for (int t = 0; t < threadsPerStore; t++) {
					String owner = "dispatcher-" + s + "-" + t;
					dispatchers.add(executor.submit(() -> {
						start.await();
						long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
						while (System.nanoTime() < deadline) {
							List<Delivery> batch = store.leases().claim(owner, Instant.now(), LEASE, 10);
							for (Delivery delivery : batch) {
								String other = held.putIfAbsent(delivery.orderingKey(), delivery.id());
								if (other != null) {
									violations.add(delivery.id() + " claimed while " + other + " was held");
								}
							}
							List<DeliveryOutcome> outcomes = new ArrayList<>();
							for (Delivery delivery : batch) {
								boolean fails = ThreadLocalRandom.current().nextInt(100) < 30;
								held.remove(delivery.orderingKey(), delivery.id());
								if (!fails) {
									succeeded.computeIfAbsent(delivery.orderingKey(), (key) -> new ConcurrentLinkedQueue<>())
										.add(Integer.parseInt(delivery.id().substring(delivery.id().indexOf("-v") + 2)));
								}
								outcomes.add(outcome(delivery, owner, fails ? DeliveryStatus.PENDING : DeliveryStatus.SUCCEEDED));
							}
							store.leases().complete(outcomes, Instant.now());
							if (batch.isEmpty() && store.count(DeliveryStatus.PENDING) == 0
									&& store.count(DeliveryStatus.IN_FLIGHT) == 0) {
								return null;
							}
						}
						throw new AssertionError("the lanes were not drained in time");
					}));
				}
			}
			start.countDown();
			for (Future<?> dispatcher : dispatchers) {
				dispatcher.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
			pools.forEach(HikariDataSource::close);
		}
		assertThat(violations).isEmpty();
		List<Integer> inOrder = java.util.stream.IntStream.range(0, perLane).boxed().toList();
		assertThat(succeeded).hasSize(lanes);
		succeeded.forEach((lane, versions) -> assertThat(new ArrayList<>(versions)).as(lane).isEqualTo(inOrder));
	}

	private List<String> claim(String owner, Instant now) {
		return this.store.leases().claim(owner, now, LEASE, 10).stream().map(Delivery::id).toList();
	}

	private void complete(String owner, String id, DeliveryStatus status, Instant nextAttemptAt) {
		DeliveryAttempt attempt = new DeliveryAttempt(id, 1, NOW, Duration.ofMillis(1),
				(status == DeliveryStatus.SUCCEEDED) ? 200 : 500, null, null);
		assertThat(this.store.leases().complete(List.of(new DeliveryOutcome(attempt, owner, status, nextAttemptAt)), NOW))
			.isOne();
	}

	private static DeliveryOutcome outcome(Delivery delivery, String owner, DeliveryStatus status) {
		DeliveryAttempt attempt = new DeliveryAttempt(delivery.id(), delivery.attemptCount(), Instant.now(),
				Duration.ofMillis(1), (status == DeliveryStatus.SUCCEEDED) ? 200 : 500, null, null);
		return new DeliveryOutcome(attempt, owner, status,
				(status == DeliveryStatus.PENDING) ? Instant.now().minusMillis(1) : null);
	}

	private HikariDataSource pool(String name, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(this.database.jdbcUrl());
		config.setUsername(this.database.username());
		config.setPassword(this.database.password());
		config.setMaximumPoolSize(size);
		config.setPoolName(name);
		return new HikariDataSource(config);
	}

	private static NewDelivery ordered(String id, String target, String key) {
		return new NewDelivery(id, Target.server(target), "https://example.com/hooks", "POST", Map.of(),
				"orders.updated", null, null, "{}", NOW.minusSeconds(10)).withOrderingKey(key);
	}

	private static NewDelivery createdAt(NewDelivery d, Instant createdAt) {
		return new NewDelivery(d.id(), d.target(), d.url(), d.httpMethod(), d.headers(), d.eventType(),
				d.entityType(), d.entityId(), d.payload(), createdAt, d.failure(), d.orderingKey());
	}

	private static NewDelivery unordered(String id) {
		return new NewDelivery(id, Target.server("billing"), "https://example.com/hooks", "POST", Map.of(),
				"orders.updated", null, null, "{}", NOW.minusSeconds(10));
	}

}
