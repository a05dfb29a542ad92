package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.OutboxException;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.jdbc.WebhooksSchema;
import dev.webhooks.testing.OutboxDatabaseTests;
import dev.webhooks.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What every database must do for {@link JdbcDeliveryLeases} and {@link JdbcOutboxWriter}: writes that join the
 * caller's transaction, claims, completions and releases; one subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDeliveryLeasesContractTests extends OutboxDatabaseTests {

	protected static final Instant NOW = Instant.parse("2026-03-29T01:30:00.123456Z");

	protected static final Duration LEASE = Duration.ofSeconds(30);

	protected static final JsonMapper JSON = JsonMapper.builder().build();

	/** SQL giving the UTC wall clock time in {@code column} as {@code yyyy-MM-dd HH:mm:ss.SSSSSS}. */
	protected abstract String utcText(String column);

	@BeforeEach
	void emptyTables() throws SQLException {
		this.database.emptyOutbox();
	}

	@Test
	void insertRollsBackWithTheCallersTransaction() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			this.store.writer().insert(connection, List.of(delivery("d1", NOW), delivery("d2", NOW)));
			assertThat(connection.isClosed()).isFalse();
			assertThat(connection.getAutoCommit()).isFalse();
			connection.rollback();
			connection.setAutoCommit(true);
		}
		assertThat(this.store.queries().find("d1")).isEmpty();
		assertThat(this.store.count(DeliveryStatus.PENDING)).isZero();
	}

	@Test
	void insertCommitsWithTheCallersTransaction() throws SQLException {
		NewDelivery captured = new NewDelivery("d1", Target.server("billing"), "https://example.com/hooks", "POST",
				Map.of("X-Tenant", "acme", "X-Trace", "t-1"), "invoice.paid", "Invoice", "42", "{\"total\":42}", NOW);
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			this.store.writer().insert(connection, List.of(captured, delivery("d2", NOW)));
			connection.commit();
			connection.setAutoCommit(true);
		}
		Delivery stored = this.store.queries().find("d1").orElseThrow();
		assertThat(stored).usingRecursiveComparison()
			.isEqualTo(new Delivery("d1", Target.server("billing"), "https://example.com/hooks", "POST",
					Map.of("X-Tenant", "acme", "X-Trace", "t-1"), "invoice.paid", "Invoice", "42", "{\"total\":42}",
					DeliveryStatus.PENDING, 0, NOW, null, null, null, null, NOW, NOW, null));
		Delivery plain = this.store.queries().find("d2").orElseThrow();
		assertThat(plain.headers()).isEmpty();
		assertThat(plain.entityType()).isNull();
		assertThat(plain.entityId()).isNull();
		assertThat(queryString("SELECT headers FROM webhooks_deliveries WHERE id = 'd2'")).isEqualTo("{}");
	}

	@Test
	void theTraceContextOfTheCaptureIsClaimedWithTheDeliveryAndNullWhenThereIsNone() throws SQLException {
		Map<String, String> traceContext = Map.of("traceparent",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tracestate", "vendor=a\u00e9");
		insert(delivery("traced", NOW.minusSeconds(2)).withTraceContext(traceContext),
				delivery("untraced", NOW.minusSeconds(1)));
		List<Delivery> claimed = this.store.leases().claim("dispatcher-a", NOW, LEASE, 10);
		assertThat(claimed).extracting(Delivery::id).containsExactly("traced", "untraced");
		assertThat(claimed.get(0).traceContext()).isEqualTo(traceContext);
		assertThat(claimed.get(1).traceContext()).isEmpty();
		assertThat(this.store.queries().find("traced").orElseThrow().traceContext()).isEqualTo(traceContext);
		assertThat(queryString("SELECT trace_context FROM webhooks_deliveries WHERE id = 'untraced'")).isNull();
	}

	@Test
	void heldAnswersOnlyTheDeliveriesStillClaimedUnderTheGivenOwner() {
		insert(delivery("sent", NOW.minusSeconds(3)), delivery("sending", NOW.minusSeconds(2)),
				delivery("reclaimed", NOW.minusSeconds(1)), delivery("pending", NOW.plusSeconds(60)));
		this.store.leases().claim("relay-a#1", NOW, LEASE, 3);
		this.store.leases().complete(List.of(new DeliveryOutcome(new DeliveryAttempt("sent", 1, NOW,
				Duration.ofMillis(5), 200, "ok", null), "relay-a#1", DeliveryStatus.SUCCEEDED, null)), NOW);
		this.store.leases().release("relay-a#1", List.of("reclaimed"), NOW);
		this.store.leases().claim("relay-b#1", NOW, LEASE, 1);

		assertThat(this.store.leases().held(Map.of("sent", "relay-a#1", "sending", "relay-a#1", "reclaimed",
				"relay-a#1", "pending", "relay-a#1", "unknown", "relay-a#1")))
			.containsExactly("sending");
		assertThat(this.store.leases().held(Map.of("reclaimed", "relay-b#1"))).containsExactly("reclaimed");
		assertThat(this.store.leases().held(Map.of())).isEmpty();
	}

	@Test
	void claimsOnlyDueDeliveriesOldestFirst() {
		insert(delivery("later", NOW.plusSeconds(60)), delivery("newer", NOW.minusSeconds(1)),
				delivery("older", NOW.minusSeconds(2)), delivery("exactly-now", NOW));
		List<Delivery> claimed = this.store.leases().claim("dispatcher-a", NOW, LEASE, 10);
		assertThat(claimed).extracting(Delivery::id).containsExactly("older", "newer", "exactly-now");
		assertThat(this.store.queries().find("later").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
	}

	@Test
	void claimTakesNoMoreThanTheLimitOldestFirst() {
		insert(IntStream.range(0, 5).mapToObj((i) -> delivery("d" + i, NOW.minusSeconds(10 - i))).toList());
		assertThat(this.store.leases().claim("dispatcher-a", NOW, LEASE, 2)).extracting(Delivery::id).containsExactly("d0", "d1");
		assertThat(this.store.leases().claim("dispatcher-a", NOW, LEASE, 2)).extracting(Delivery::id).containsExactly("d2", "d3");
		assertThat(this.store.count(DeliveryStatus.PENDING)).isEqualTo(1);
	}

	@Test
	void aClaimLeavesTheDueDeliveriesOfSkippedTargetsWhereTheyAre() {
		Target hanging = Target.server("hanging");
		Target paused = Target.hook("paused");
		insert(delivery("h1", NOW.minusSeconds(4)), to("p1", paused, NOW.minusSeconds(3)), delivery("h2", NOW.minusSeconds(2)),
				to("b1", Target.server("billing-eu"), NOW.minusSeconds(1)));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 1);
		insert(to("x1", hanging, NOW.minusSeconds(5)));
		assertThat(this.store.leases().claim("dispatcher-a", NOW, LEASE, 10, Set.of(hanging, paused)))
			.extracting(Delivery::id)
			.containsExactly("h2", "b1");
		assertThat(this.store.queries().find("x1").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(this.store.queries().find("p1").orElseThrow().attemptCount()).isZero();
		// an expired lease of a skipped target stays with its owner too, until a claim no longer skips it
		Instant expired = NOW.plus(LEASE);
		assertThat(this.store.leases().claim("dispatcher-b", expired, LEASE, 10, Set.of(Target.server("billing"),
				Target.server("billing-eu"), hanging, paused))).isEmpty();
		assertThat(this.store.leases().claim("dispatcher-b", expired, LEASE, 10, Set.of(hanging)))
			.extracting(Delivery::id)
			.containsExactly("h1", "p1", "h2", "b1");
		assertThat(this.store.leases().claim("dispatcher-b", expired, LEASE, 10, Set.of())).extracting(Delivery::id)
			.containsExactly("x1");
	}

	@Test
	void claimLeasesTheDeliveryAndCountsTheAttempt() {
		insert(delivery("d1", NOW.minusSeconds(5)));
		Delivery claimed = this.store.leases().claim("dispatcher-a", NOW, LEASE, 10).get(0);
		assertThat(claimed.status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
		assertThat(claimed.attemptCount()).isEqualTo(1);
		assertThat(claimed.leaseOwner()).isEqualTo("dispatcher-a");
		assertThat(claimed.leaseExpiresAt()).isEqualTo(NOW.plus(LEASE));
		assertThat(claimed.updatedAt()).isEqualTo(NOW);
		assertThat(claimed.nextAttemptAt()).isEqualTo(NOW.minusSeconds(5));
		assertThat(this.store.queries().find("d1")).contains(claimed);
	}

	@Test
	void claimedDeliveryIsNotClaimedAgainBeforeItsLeaseExpires() {
		insert(delivery("d1", NOW));
		assertThat(this.store.leases().claim("dispatcher-a", NOW, LEASE, 10)).hasSize(1);
		assertThat(this.store.leases().claim("dispatcher-b", NOW, LEASE, 10)).isEmpty();
		assertThat(this.store.leases().claim("dispatcher-b", NOW.plus(LEASE).minusNanos(1000), LEASE, 10)).isEmpty();
		Instant expired = NOW.plus(LEASE);
		List<Delivery> takenOver = this.store.leases().claim("dispatcher-b", expired, LEASE, 10);
		assertThat(takenOver).singleElement().satisfies((delivery) -> {
			assertThat(delivery.leaseOwner()).isEqualTo("dispatcher-b");
			assertThat(delivery.leaseExpiresAt()).isEqualTo(expired.plus(LEASE));
			assertThat(delivery.attemptCount()).isEqualTo(2);
		});
	}

	@Test
	void completeWithSuccessFinishesTheDeliveryAndRecordsTheAttempt() {
		insert(delivery("d1", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 10);
		Instant done = NOW.plusMillis(250);
		DeliveryAttempt attempt = new DeliveryAttempt("d1", 1, NOW, Duration.ofMillis(240), 200, "ok", null);
		int updated = this.store.leases().complete(
				List.of(new DeliveryOutcome(attempt, "dispatcher-a", DeliveryStatus.SUCCEEDED, null)), done);
		assertThat(updated).isEqualTo(1);
		Delivery delivery = this.store.queries().find("d1").orElseThrow();
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
		assertThat(delivery.completedAt()).isEqualTo(done);
		assertThat(delivery.updatedAt()).isEqualTo(done);
		assertThat(delivery.lastStatusCode()).isEqualTo(200);
		assertThat(delivery.lastError()).isNull();
		assertThat(delivery.leaseOwner()).isNull();
		assertThat(delivery.leaseExpiresAt()).isNull();
		assertThat(delivery.attemptCount()).isEqualTo(1);
		assertThat(this.store.queries().attempts("d1")).containsExactly(attempt);
	}

	@Test
	void completeWithRetrySchedulesTheNextAttempt() {
		insert(delivery("d1", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 10);
		Instant retryAt = NOW.plusSeconds(30);
		DeliveryAttempt attempt = new DeliveryAttempt("d1", 1, NOW, Duration.ofMillis(80), 503, "busy",
				"HTTP 503 Service Unavailable");
		this.store.leases().complete(List.of(new DeliveryOutcome(attempt, "dispatcher-a", DeliveryStatus.PENDING, retryAt)),
				NOW.plusSeconds(1));
		Delivery delivery = this.store.queries().find("d1").orElseThrow();
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(delivery.nextAttemptAt()).isEqualTo(retryAt);
		assertThat(delivery.completedAt()).isNull();
		assertThat(delivery.lastStatusCode()).isEqualTo(503);
		assertThat(delivery.lastError()).isEqualTo("HTTP 503 Service Unavailable");
		assertThat(delivery.leaseOwner()).isNull();
		assertThat(this.store.leases().claim("dispatcher-a", retryAt.minusSeconds(1), LEASE, 10)).isEmpty();
		assertThat(this.store.leases().claim("dispatcher-a", retryAt, LEASE, 10)).singleElement()
			.extracting(Delivery::attemptCount)
			.isEqualTo(2);
	}

	@Test
	void completeWithFailureKeepsCappedErrorAndExcerpt() {
		insert(delivery("d1", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 10);
		String body = "b".repeat(DeliveryAttempt.MAX_RESPONSE_EXCERPT + 500);
		String error = "e".repeat(DeliveryAttempt.MAX_ERROR + 500);
		DeliveryAttempt attempt = new DeliveryAttempt("d1", 1, NOW, Duration.ofSeconds(10), null, body, error);
		this.store.leases().complete(List.of(new DeliveryOutcome(attempt, "dispatcher-a", DeliveryStatus.FAILED, null)),
				NOW.plusSeconds(10));
		Delivery delivery = this.store.queries().find("d1").orElseThrow();
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(delivery.completedAt()).isEqualTo(NOW.plusSeconds(10));
		assertThat(delivery.lastStatusCode()).isNull();
		assertThat(delivery.lastError()).hasSize(DeliveryAttempt.MAX_ERROR);
		DeliveryAttempt recorded = this.store.queries().attempts("d1").get(0);
		assertThat(recorded.responseExcerpt()).isEqualTo(body.substring(0, DeliveryAttempt.MAX_RESPONSE_EXCERPT));
		assertThat(recorded.error()).isEqualTo(error.substring(0, DeliveryAttempt.MAX_ERROR));
		assertThat(recorded.statusCode()).isNull();
		assertThat(recorded.duration()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void completeMovesEachDeliveryOfABatchToItsOwnStatus() {
		insert(delivery("ok", NOW), delivery("retry", NOW), delivery("gone", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 3);
		Instant retryAt = NOW.plusSeconds(60);
		List<DeliveryOutcome> outcomes = List.of(
				new DeliveryOutcome(new DeliveryAttempt("retry", 1, NOW, Duration.ofMillis(3), 500, "no", "HTTP 500"),
						"dispatcher-a", DeliveryStatus.PENDING, retryAt),
				new DeliveryOutcome(new DeliveryAttempt("ok", 1, NOW, Duration.ofMillis(2), 204, null, null),
						"dispatcher-a", DeliveryStatus.SUCCEEDED, null),
				new DeliveryOutcome(new DeliveryAttempt("gone", 1, NOW, Duration.ofMillis(1), 410, "", "HTTP 410"),
						"dispatcher-a", DeliveryStatus.FAILED, null));
		assertThat(this.store.leases().complete(outcomes, NOW.plusSeconds(1))).isEqualTo(3);
		assertThat(this.store.queries().find("ok").orElseThrow()).satisfies((delivery) -> {
			assertThat(delivery.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
			assertThat(delivery.nextAttemptAt()).isEqualTo(NOW);
			assertThat(delivery.completedAt()).isEqualTo(NOW.plusSeconds(1));
		});
		assertThat(this.store.queries().find("retry").orElseThrow()).satisfies((delivery) -> {
			assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
			assertThat(delivery.nextAttemptAt()).isEqualTo(retryAt);
			assertThat(delivery.completedAt()).isNull();
		});
		assertThat(this.store.queries().find("gone").orElseThrow()).satisfies((delivery) -> {
			assertThat(delivery.status()).isEqualTo(DeliveryStatus.FAILED);
			assertThat(delivery.lastStatusCode()).isEqualTo(410);
			assertThat(delivery.completedAt()).isEqualTo(NOW.plusSeconds(1));
		});
		for (DeliveryOutcome outcome : outcomes) {
			assertThat(this.store.queries().attempts(outcome.deliveryId())).containsExactly(outcome.attempt());
		}
		assertThat(this.store.count(DeliveryStatus.IN_FLIGHT)).isZero();
	}

	@Test
	void completeFromAnOwnerWhoseLeaseWasTakenOverIsIgnored() {
		insert(delivery("d1", NOW), delivery("d2", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 10);
		Instant expired = NOW.plus(LEASE);
		assertThat(this.store.leases().claim("dispatcher-b", expired, LEASE, 1)).extracting(Delivery::id).containsExactly("d1");
		DeliveryAttempt late = new DeliveryAttempt("d1", 1, NOW, Duration.ofSeconds(31), 200, "ok", null);
		DeliveryAttempt onTime = new DeliveryAttempt("d2", 1, NOW, Duration.ofSeconds(31), 200, "ok", null);
		int updated = this.store.leases().complete(
				List.of(new DeliveryOutcome(late, "dispatcher-a", DeliveryStatus.SUCCEEDED, null),
						new DeliveryOutcome(onTime, "dispatcher-a", DeliveryStatus.SUCCEEDED, null)),
				expired.plusSeconds(1));
		assertThat(updated).isEqualTo(1);
		Delivery stillLeased = this.store.queries().find("d1").orElseThrow();
		assertThat(stillLeased.status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
		assertThat(stillLeased.leaseOwner()).isEqualTo("dispatcher-b");
		assertThat(this.store.queries().attempts("d1")).isEmpty();
		assertThat(this.store.queries().find("d2").orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
		assertThat(this.store.queries().attempts("d2")).containsExactly(onTime);
		DeliveryAttempt second = new DeliveryAttempt("d1", 2, expired, Duration.ofMillis(5), 200, "ok", null);
		assertThat(this.store.leases().complete(
				List.of(new DeliveryOutcome(second, "dispatcher-b", DeliveryStatus.SUCCEEDED, null)), expired))
			.isEqualTo(1);
		assertThat(this.store.queries().attempts("d1")).containsExactly(second);
	}

	@Test
	void completeOfOneDeliveryTwiceInABatchTakesTheFirstOutcomeWhoseLeaseHolds() {
		insert(delivery("d1", NOW), delivery("d2", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 10);
		Instant expired = NOW.plus(LEASE);
		this.store.leases().claim("dispatcher-b", expired, LEASE, 1);
		DeliveryAttempt late = new DeliveryAttempt("d1", 1, NOW, Duration.ofSeconds(31), 200, "late", null);
		DeliveryAttempt current = new DeliveryAttempt("d1", 2, expired, Duration.ofMillis(5), 503, "busy", "HTTP 503");
		DeliveryAttempt first = new DeliveryAttempt("d2", 1, NOW, Duration.ofMillis(7), 200, "first", null);
		DeliveryAttempt repeated = new DeliveryAttempt("d2", 1, NOW, Duration.ofMillis(8), 500, "again", "HTTP 500");
		int updated = this.store.leases().complete(List.of(new DeliveryOutcome(late, "dispatcher-a", DeliveryStatus.SUCCEEDED,
				null), new DeliveryOutcome(first, "dispatcher-a", DeliveryStatus.SUCCEEDED, null),
				new DeliveryOutcome(current, "dispatcher-b", DeliveryStatus.FAILED, null),
				new DeliveryOutcome(repeated, "dispatcher-a", DeliveryStatus.FAILED, null)), expired.plusSeconds(1));
		assertThat(updated).isEqualTo(2);
		assertThat(this.store.queries().find("d1").orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(this.store.queries().attempts("d1")).containsExactly(current);
		assertThat(this.store.queries().find("d2").orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
		assertThat(this.store.queries().attempts("d2")).containsExactly(first);
	}

	@Test
	void completeKeepsTextExactlyWhateverItsCharacters() {
		insert(delivery("d1", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 10);
		String excerpt = "{\"a\": [1, 2], \"b\": \"c\\\\d\"}\n\tNULL, '' \u00e9\u00fc\u20ac \ud83d\ude00 ";
		String error = "NULL";
		DeliveryAttempt attempt = new DeliveryAttempt("d1", 1, NOW, Duration.ofMillis(3), 422, excerpt, error);
		this.store.leases().complete(List.of(new DeliveryOutcome(attempt, "dispatcher-a", DeliveryStatus.FAILED, null)), NOW);
		assertThat(this.store.queries().attempts("d1")).containsExactly(attempt);
		assertThat(this.store.queries().find("d1").orElseThrow().lastError()).isEqualTo(error);
	}

	@Test
	void completeStoresInstantsToTheMicrosecondInUtcWhateverTheJvmTimeZone() throws SQLException {
		insert(delivery("retry", NOW), delivery("done", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 10);
		Instant startedAt = Instant.parse("2026-03-29T01:59:59.999999999Z");
		Instant retryAt = Instant.parse("2026-03-29T02:00:30.000001999Z");
		Instant now = Instant.parse("2026-03-29T02:00:00.000000999Z");
		TimeZone original = TimeZone.getDefault();
		try {
			TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
			try (HikariDataSource otherZone = pool("chatham", 2)) {
				JdbcOutbox.of(otherZone, JSON).leases().complete(List.of(
						new DeliveryOutcome(new DeliveryAttempt("retry", 1, startedAt, Duration.ofMillis(1), 500, null,
								"HTTP 500"), "dispatcher-a", DeliveryStatus.PENDING, retryAt),
						new DeliveryOutcome(new DeliveryAttempt("done", 1, startedAt, Duration.ofMillis(1), 200, null,
								null), "dispatcher-a", DeliveryStatus.SUCCEEDED, null)),
						now);
			}
		}
		finally {
			TimeZone.setDefault(original);
		}
		assertThat(this.store.queries().find("retry").orElseThrow().nextAttemptAt())
			.isEqualTo(retryAt.truncatedTo(ChronoUnit.MICROS));
		assertThat(this.store.queries().find("done").orElseThrow().completedAt()).isEqualTo(now.truncatedTo(ChronoUnit.MICROS));
		assertThat(this.store.queries().attempts("done").get(0).startedAt()).isEqualTo(startedAt.truncatedTo(ChronoUnit.MICROS));
		assertThat(queryString("SELECT " + utcText("next_attempt_at") + " FROM webhooks_deliveries WHERE id = 'retry'"))
			.isEqualTo("2026-03-29 02:00:30.000001");
		assertThat(queryString("SELECT " + utcText("completed_at") + " FROM webhooks_deliveries WHERE id = 'done'"))
			.isEqualTo("2026-03-29 02:00:00.000000");
		assertThat(queryString("SELECT " + utcText("started_at")
				+ " FROM webhooks_delivery_attempts WHERE delivery_id = 'retry'"))
			.isEqualTo("2026-03-29 01:59:59.999999");
	}

	@Test
	void completeOfABatchLargerThanAJdbcBatchRecordsOnlyTheAttemptsWhoseLeaseHolds() {
		int size = 1200;
		List<NewDelivery> deliveries = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			deliveries.add(delivery("d%04d".formatted(i), NOW));
		}
		insert(deliveries);
		assertThat(this.store.leases().claim("dispatcher-a", NOW, LEASE, size)).hasSize(size);
		List<DeliveryOutcome> outcomes = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			String owner = (i % 3 == 0) ? "dispatcher-b" : "dispatcher-a";
			outcomes.add(new DeliveryOutcome(new DeliveryAttempt("d%04d".formatted(i), 1, NOW, Duration.ofMillis(i),
					200, "ok " + i, null), owner, DeliveryStatus.SUCCEEDED, null));
		}
		assertThat(this.store.leases().complete(outcomes, NOW.plusSeconds(1))).isEqualTo(size - size / 3);
		assertThat(this.store.count(DeliveryStatus.SUCCEEDED)).isEqualTo(size - size / 3);
		assertThat(this.store.count(DeliveryStatus.IN_FLIGHT)).isEqualTo(size / 3);
		assertThat(this.store.queries().attempts("d0000")).isEmpty();
		assertThat(this.store.queries().attempts("d1199")).containsExactly(outcomes.get(1199).attempt());
	}

	@Test
	void completeOfAnUnclaimedDeliveryIsIgnored() {
		insert(delivery("d1", NOW));
		DeliveryAttempt attempt = new DeliveryAttempt("d1", 1, NOW, Duration.ofMillis(5), 200, "ok", null);
		assertThat(this.store.leases().complete(
				List.of(new DeliveryOutcome(attempt, "dispatcher-a", DeliveryStatus.SUCCEEDED, null)), NOW))
			.isZero();
		assertThat(this.store.queries().find("d1").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(this.store.queries().attempts("d1")).isEmpty();
	}

	@Test
	void attemptsAreListedFirstFirst() {
		insert(delivery("d1", NOW));
		List<DeliveryAttempt> expected = new ArrayList<>();
		Instant now = NOW;
		for (int number = 1; number <= 3; number++) {
			this.store.leases().claim("dispatcher-a", now, LEASE, 1);
			DeliveryAttempt attempt = new DeliveryAttempt("d1", number, now, Duration.ofMillis(number), 500, "no",
					"HTTP 500");
			expected.add(attempt);
			this.store.leases().complete(List.of(new DeliveryOutcome(attempt, "dispatcher-a", DeliveryStatus.PENDING, now)),
					now);
			now = now.plusSeconds(1);
		}
		assertThat(this.store.queries().attempts("d1")).containsExactlyElementsOf(expected);
		assertThat(this.store.queries().find("d1").orElseThrow().attemptCount()).isEqualTo(3);
	}

	@Test
	void releaseGivesBackOnlyTheOwnersDeliveriesWithoutCountingTheAttempt() {
		insert(delivery("d1", NOW), delivery("d2", NOW), delivery("d3", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 2);
		Instant later = NOW.plusSeconds(5);
		assertThat(this.store.leases().release("dispatcher-b", List.of("d1", "d2"), later)).isZero();
		assertThat(this.store.leases().release("dispatcher-a", List.of("d1", "d3"), later)).isEqualTo(1);
		Delivery released = this.store.queries().find("d1").orElseThrow();
		assertThat(released.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(released.attemptCount()).isZero();
		assertThat(released.nextAttemptAt()).isEqualTo(later);
		assertThat(released.leaseOwner()).isNull();
		assertThat(released.leaseExpiresAt()).isNull();
		assertThat(this.store.queries().find("d2").orElseThrow().status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
		assertThat(this.store.queries().find("d3").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
	}

	@Test
	void deferGivesBackEachDeliveryDueAtItsOwnTimeWithoutCountingTheAttempt() {
		insert(delivery("d1", NOW), delivery("d2", NOW), delivery("d3", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 3);
		Instant inOneSecond = NOW.plusSeconds(1);
		Instant inTwoSeconds = NOW.plusSeconds(2);
		assertThat(this.store.leases().defer("dispatcher-b", Map.of("d1", inOneSecond), NOW)).isZero();
		assertThat(this.store.leases().defer("dispatcher-a", Map.of("d1", inOneSecond, "d2", inTwoSeconds), NOW))
			.isEqualTo(2);
		Delivery first = this.store.queries().find("d1").orElseThrow();
		assertThat(first.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(first.attemptCount()).isZero();
		assertThat(first.nextAttemptAt()).isEqualTo(inOneSecond);
		assertThat(first.leaseOwner()).isNull();
		assertThat(this.store.queries().find("d2").orElseThrow().nextAttemptAt()).isEqualTo(inTwoSeconds);
		assertThat(this.store.queries().find("d3").orElseThrow().status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
	}

	@Test
	void deferTargetMovesOnlyThePendingDeliveriesOfThatTargetDueBeforeTheTime() {
		insert(delivery("d1", NOW), delivery("d2", NOW), delivery("late", NOW.plusSeconds(60)),
				new NewDelivery("other", Target.server("other"), "http://example.com", "POST", Map.of(), "order.created",
						null, null, "{}", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 1);
		Instant until = NOW.plusSeconds(30);
		assertThat(this.store.leases().deferTarget(this.store.queries().find("d2").orElseThrow().target(), until,
				NOW)).isEqualTo(1);
		assertThat(this.store.queries().find("d1").orElseThrow().status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
		assertThat(this.store.queries().find("d2").orElseThrow().nextAttemptAt()).isEqualTo(until);
		assertThat(this.store.queries().find("d2").orElseThrow().attemptCount()).isZero();
		assertThat(this.store.queries().find("late").orElseThrow().nextAttemptAt()).isEqualTo(NOW.plusSeconds(60));
		assertThat(this.store.queries().find("other").orElseThrow().nextAttemptAt()).isEqualTo(NOW);
	}

	@Test
	void anOutcomeThatDoesNotCountGivesBackTheAttemptItsClaimTook() {
		insert(delivery("d1", NOW));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 1);
		Instant pauseEnds = NOW.plusSeconds(2);
		DeliveryOutcome throttled = new DeliveryOutcome(
				new DeliveryAttempt("d1", 1, NOW, Duration.ofMillis(1), 429, null, "HTTP 429: target throttled"),
				"dispatcher-a", DeliveryStatus.PENDING, pauseEnds, false);
		assertThat(this.store.leases().complete(List.of(throttled), NOW)).isEqualTo(1);
		Delivery delivery = this.store.queries().find("d1").orElseThrow();
		assertThat(delivery.attemptCount()).isZero();
		assertThat(delivery.nextAttemptAt()).isEqualTo(pauseEnds);
		assertThat(this.store.queries().attempts("d1")).hasSize(1);
	}

	@Test
	void resendRestartsOnlyFailedAndCancelledDeliveriesWithAFreshBudget() throws SQLException {
		insert(delivery("failed", NOW), delivery("cancelled", NOW), delivery("succeeded", NOW),
				delivery("pending", NOW.plusSeconds(3600)));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 3);
		this.store.leases().complete(List.of(outcome("failed", DeliveryStatus.FAILED), outcome("succeeded", DeliveryStatus.SUCCEEDED),
				outcome("cancelled", DeliveryStatus.FAILED)), NOW);
		this.database.execute("UPDATE webhooks_deliveries SET status = 'CANCELLED' WHERE id = 'cancelled'");
		Instant later = NOW.plusSeconds(60);
		int resent = this.store.commands().retry(DeliverySelection.ids(List.of("failed", "cancelled", "succeeded", "pending", "unknown")), later);
		assertThat(resent).isEqualTo(2);
		for (String id : List.of("failed", "cancelled")) {
			Delivery delivery = this.store.queries().find(id).orElseThrow();
			assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
			assertThat(delivery.attemptCount()).isZero();
			assertThat(delivery.nextAttemptAt()).isEqualTo(later);
			assertThat(delivery.completedAt()).isNull();
			assertThat(delivery.leaseOwner()).isNull();
		}
		Delivery succeeded = this.store.queries().find("succeeded").orElseThrow();
		assertThat(succeeded.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
		assertThat(succeeded.completedAt()).isEqualTo(NOW);
		assertThat(this.store.queries().find("pending").orElseThrow().nextAttemptAt()).isEqualTo(NOW.plusSeconds(3600));
		assertThat(this.store.leases().claim("dispatcher-a", later, LEASE, 10)).extracting(Delivery::id)
			.containsExactlyInAnyOrder("failed", "cancelled");
	}

	@Test
	void findFiltersAndListsNewestFirst() {
		insert(new NewDelivery("a1", Target.server("alpha"), "https://a.example", "POST", Map.of(), "tags.created", null, null, "{}",
				NOW.minusSeconds(30)),
				new NewDelivery("a2", Target.server("alpha"), "https://a.example", "POST", Map.of(), "tags.deleted", null, null, "{}",
						NOW.minusSeconds(20)),
				new NewDelivery("b1", Target.server("beta"), "https://b.example", "POST", Map.of(), "tags.created", null, null, "{}",
						NOW.minusSeconds(10)),
				new NewDelivery("b2", Target.server("beta"), "https://b.example", "POST", Map.of(), "tags.created", null, null, "{}",
						NOW.plusSeconds(10)));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 1);
		assertThat(this.store.queries().search(DeliverySearch.newest(10))).extracting(Delivery::id)
			.containsExactly("b2", "b1", "a2", "a1");
		assertThat(this.store.queries().search(DeliverySearch.newest(2))).extracting(Delivery::id).containsExactly("b2", "b1");
		assertThat(this.store.queries().search(DeliverySearch.newest(10).withStatus(DeliveryStatus.IN_FLIGHT))).extracting(Delivery::id)
			.containsExactly("a1");
		assertThat(this.store.queries().search(DeliverySearch.newest(10).withTarget(Target.server("alpha")))).extracting(Delivery::id)
			.containsExactly("a2", "a1");
		assertThat(this.store.queries().search(DeliverySearch.newest(10).withEventType("tags.created"))).extracting(Delivery::id)
			.containsExactly("b2", "b1", "a1");
		assertThat(this.store.queries().search(DeliverySearch.newest(10).withCreated(NOW.minusSeconds(20), null)))
			.extracting(Delivery::id)
			.containsExactly("b2", "b1", "a2");
		assertThat(this.store.queries().search(DeliverySearch.newest(10).withStatus(DeliveryStatus.PENDING)
			.withTarget(Target.server("beta")).withEventType("tags.created").withCreated(NOW.minusSeconds(10), null))).extracting(Delivery::id).containsExactly("b2", "b1");
		assertThat(this.store.queries().search(DeliverySearch.newest(10).withStatus(DeliveryStatus.PENDING)
			.withTarget(Target.server("beta")).withEventType("tags.created").withCreated(NOW.minusSeconds(9), null))).extracting(Delivery::id).containsExactly("b2");
		assertThat(this.store.count(DeliveryStatus.PENDING)).isEqualTo(3);
		assertThat(this.store.count(DeliveryStatus.IN_FLIGHT)).isEqualTo(1);
		assertThat(this.store.count(DeliveryStatus.FAILED)).isZero();
		assertThat(this.store.queries().find("missing")).isEmpty();
		assertThat(this.store.queries().attempts("missing")).isEmpty();
	}

	@Test
	void instantsRoundTripExactlyAndAreStoredInUtcWhateverTheJvmTimeZone() throws SQLException {
		// late on the day Europe/Berlin and Pacific/Chatham change their clocks, with microseconds
		Instant createdAt = Instant.parse("2026-03-29T01:59:59.999999Z");
		TimeZone original = TimeZone.getDefault();
		try {
			TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
			try (HikariDataSource otherZone = pool("chatham", 2)) {
				JdbcOutbox chathamStore = JdbcOutbox.of(otherZone, JSON);
				insert(otherZone, delivery("d1", createdAt));
				Delivery claimed = chathamStore.leases().claim("dispatcher-a", createdAt, LEASE, 1).get(0);
				assertThat(claimed.createdAt()).isEqualTo(createdAt);
				assertThat(claimed.leaseExpiresAt()).isEqualTo(createdAt.plus(LEASE));
				assertThat(chathamStore.queries().find("d1").orElseThrow().nextAttemptAt()).isEqualTo(createdAt);
			}
		}
		finally {
			TimeZone.setDefault(original);
		}
		assertThat(this.store.queries().find("d1").orElseThrow().createdAt()).isEqualTo(createdAt);
		assertThat(this.store.queries().search(DeliverySearch.newest(10).withCreated(createdAt, null))).hasSize(1);
		assertThat(this.store.queries().search(DeliverySearch.newest(10).withCreated(createdAt.plusNanos(1000), null))).isEmpty();
		assertThat(queryString("SELECT " + utcText("created_at") + " FROM webhooks_deliveries WHERE id = 'd1'"))
			.isEqualTo("2026-03-29 01:59:59.999999");
		assertThat(queryString("SELECT " + utcText("lease_expires_at") + " FROM webhooks_deliveries WHERE id = 'd1'"))
			.isEqualTo("2026-03-29 02:00:29.999999");
	}

	@Test
	void instantsAreKeptToTheMicrosecond() {
		Instant createdAt = NOW.plusNanos(999);
		insert(delivery("d1", createdAt));
		assertThat(this.store.queries().find("d1").orElseThrow().createdAt()).isEqualTo(createdAt.truncatedTo(ChronoUnit.MICROS));
		assertThat(this.store.leases().claim("dispatcher-a", createdAt.truncatedTo(ChronoUnit.MICROS), LEASE, 1)).hasSize(1);
	}

	@Test
	void failuresNameTheOperation() throws SQLException {
		insert(delivery("d1", NOW));
		try (Connection connection = this.dataSource.getConnection()) {
			assertThatExceptionOfType(OutboxException.class)
				.isThrownBy(() -> this.store.writer().insert(connection, List.of(delivery("d1", NOW))))
				.withMessageStartingWith("Could not insert 1 deliveries: ")
				.withCauseInstanceOf(SQLException.class);
		}
	}

	@Test
	void migrationRunsOnlyOnce() {
		assertThat(WebhooksSchema.migrate(this.dataSource).migrationsExecuted).isZero();
		assertThat(this.store.count(DeliveryStatus.PENDING)).isZero();
	}

	@Test
	void migrationWorksInASchemaThatAlreadyHoldsOtherTables() throws SQLException {
		try (TestDatabase existing = TestDatabase.create(kind())) {
			try (Connection connection = existing.dataSource().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE invoice (id INT PRIMARY KEY, total INT)");
			}
			assertThat(WebhooksSchema.migrate(existing.dataSource()).migrationsExecuted).isPositive();
			assertThat(WebhooksSchema.migrate(existing.dataSource()).migrationsExecuted).isZero();
			JdbcOutbox store = JdbcOutbox.of(existing.dataSource(), JSON);
			insert(existing.dataSource(), delivery("d1", NOW));
			assertThat(store.leases().claim("dispatcher-a", NOW, LEASE, 10)).hasSize(1);
		}
	}

	@Test
	void dispatchersClaimingInParallelTakeEveryDeliveryExactlyOnce() throws Exception {
		int deliveries = 3000;
		insert(IntStream.range(0, deliveries)
			.mapToObj((i) -> delivery("d" + i, NOW.minusMillis(deliveries - i)))
			.toList());
		int stores = 2;
		int threadsPerStore = 2;
		List<HikariDataSource> pools = new ArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(stores * threadsPerStore);
		try {
			Queue<String> claimed = new ConcurrentLinkedQueue<>();
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
						while (true) {
							List<Delivery> batch = store.leases().claim(owner, NOW, LEASE, 25);
							batch.forEach((delivery) -> claimed.add(delivery.id()));
							// an empty claim may only mean the others hold the rest for a moment
							if (batch.isEmpty() && store.count(DeliveryStatus.PENDING) == 0) {
								return null;
							}
						}
					}));
				}
			}
			start.countDown();
			for (Future<?> dispatcher : dispatchers) {
				dispatcher.get(60, TimeUnit.SECONDS);
			}
			List<String> ids = new ArrayList<>(claimed);
			Set<String> distinct = new HashSet<>(ids);
			assertThat(ids).as("claims").hasSize(deliveries);
			assertThat(distinct).as("distinct deliveries claimed").hasSize(deliveries);
			assertThat(this.store.count(DeliveryStatus.IN_FLIGHT)).isEqualTo(deliveries);
			assertThat(queryString("SELECT COUNT(*) FROM webhooks_deliveries WHERE attempt_count <> 1")).isEqualTo("0");
		}
		finally {
			executor.shutdownNow();
			pools.forEach(HikariDataSource::close);
		}
	}

	protected HikariDataSource pool(String name, int size) {
		return pool(name, size, this.database.jdbcUrl());
	}

	/** A pool of its own, as a second application (or dispatcher) would have. */
	protected HikariDataSource pool(String name, int size, String jdbcUrl) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl);
		config.setUsername(this.database.username());
		config.setPassword(this.database.password());
		config.setMaximumPoolSize(size);
		config.setPoolName(name);
		return new HikariDataSource(config);
	}

	private static NewDelivery to(String id, Target target, Instant createdAt) {
		return new NewDelivery(id, target, "https://example.com/hooks", "POST", Map.of(), "invoice.paid", null, null,
				"{\"id\":\"" + id + "\"}", createdAt);
	}

	protected static NewDelivery delivery(String id, Instant createdAt) {
		return new NewDelivery(id, Target.server("billing"), "https://example.com/hooks", "POST", Map.of(), "invoice.paid", null,
				null, "{\"id\":\"" + id + "\"}", createdAt);
	}

	private static DeliveryOutcome outcome(String id, DeliveryStatus status) {
		return new DeliveryOutcome(new DeliveryAttempt(id, 1, NOW, Duration.ofMillis(1), 500, null, "HTTP 500"),
				"dispatcher-a", status, null);
	}

	private void insert(NewDelivery... deliveries) {
		insert(List.of(deliveries));
	}

	private void insert(List<NewDelivery> deliveries) {
		insert(this.dataSource, deliveries.toArray(NewDelivery[]::new));
	}

	protected void insert(DataSource dataSource, NewDelivery... deliveries) {
		JdbcOutbox store = JdbcOutbox.of(dataSource, JSON);
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			store.writer().insert(connection, List.of(deliveries));
			connection.commit();
			connection.setAutoCommit(true);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String queryString(String sql) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			assertThat(resultSet.next()).as("a row from " + sql).isTrue();
			return resultSet.getString(1);
		}
	}

}
