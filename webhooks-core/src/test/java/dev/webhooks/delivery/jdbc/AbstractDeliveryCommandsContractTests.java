package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.OutboxStats;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.operations.OperationReport;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.testing.OutboxDatabaseTests;
import dev.webhooks.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What every database must do for {@link JdbcDeliveryCommands} (retry, replay, send now, cancel, purge) and for
 * the counts and statistics of {@link JdbcDeliveryQueries} the operations report; one subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDeliveryCommandsContractTests extends OutboxDatabaseTests {

	private static final Instant NOW = Instant.parse("2026-03-29T01:30:00.123456Z");

	private static final Duration LEASE = Duration.ofSeconds(30);

	@BeforeEach
	void emptyTables() throws SQLException {
		this.database.emptyOutbox();
		this.database.execute("DELETE FROM webhooks_target_states");
	}

	@Test
	void aDeliveryWithAFailureIsStoredAsFailedWithTheReasonAndCanBeRetried() {
		insert(failed("f1", "billing", NOW.minusSeconds(5), "payload could not be rendered: missing 'total'"));
		Delivery stored = this.store.queries().find("f1").orElseThrow();
		assertThat(stored.status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(stored.lastError()).isEqualTo("payload could not be rendered: missing 'total'");
		assertThat(stored.completedAt()).isEqualTo(NOW.minusSeconds(5));
		assertThat(this.store.leases().claim("dispatcher-a", NOW, LEASE, 10)).isEmpty();
		assertThat(this.store.commands().retry(DeliverySelection.ids(List.of("f1")), NOW)).isEqualTo(1);
		assertThat(this.store.leases().claim("dispatcher-a", NOW, LEASE, 10)).extracting(Delivery::id).containsExactly("f1");
	}

	@Test
	void aDeliveryStoredFailedWithoutAPayloadIsNeitherRetriedNorResent() {
		insert(new NewDelivery("e1", Target.server("billing"), "https://example.com/hooks", "POST", Map.of(), "invoice.paid", null,
				null, "", NOW.minusSeconds(5), "serializer 'erp' of hook 'erp' failed"));
		assertThat(this.store.commands().retry(DeliverySelection.all(), NOW)).isZero();
		assertThat(this.store.commands().retry(DeliverySelection.ids(List.of("e1")), NOW)).isZero();
		assertThat(this.store.queries().find("e1").orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(this.store.leases().claim("dispatcher-a", NOW, LEASE, 10)).isEmpty();
	}

	@Test
	void retryPutsFailedAndCancelledDeliveriesBackDueNowWithAFreshAttemptBudget() {
		insert(pending("p1", "billing", NOW.minusSeconds(40)), pending("c1", "billing", NOW.minusSeconds(30)),
				pending("s1", "billing", NOW.minusSeconds(20)));
		this.store.commands().cancel(DeliverySelection.ids(List.of("c1")), NOW);
		List<Delivery> claimed = this.store.leases().claim("dispatcher-a", NOW, LEASE, 2);
		assertThat(claimed).extracting(Delivery::id).containsExactly("p1", "s1");
		this.store.leases().complete(List.of(outcome("p1", DeliveryStatus.FAILED), outcome("s1", DeliveryStatus.SUCCEEDED)),
				NOW);
		Instant later = NOW.plusSeconds(60);
		assertThat(this.store.commands().retry(DeliverySelection.all(), later)).isEqualTo(2);
		Delivery retried = this.store.queries().find("p1").orElseThrow();
		assertThat(retried.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(retried.attemptCount()).isZero();
		assertThat(retried.nextAttemptAt()).isEqualTo(later);
		assertThat(retried.completedAt()).isNull();
		assertThat(this.store.queries().find("c1").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(this.store.queries().find("s1").orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
		assertThat(this.store.commands().retry(DeliverySelection.all(), later)).isZero();
	}

	@Test
	void retryOnlyTakesTheSelectedDeliveries() {
		insert(failed("a", "billing", NOW.minusSeconds(50), "HTTP 500"),
				failed("b", "shipping", NOW.minusSeconds(40), "HTTP 500"),
				entity(failed("c", "billing", NOW.minusSeconds(30), "HTTP 500"), "Invoice"),
				failed("d", "hook:42", NOW.minusSeconds(20), "HTTP 500"),
				failed("e", "billing", NOW.minusSeconds(10), "HTTP 500"));
		this.store.commands().retry(DeliverySelection.all().withTarget(Target.hook("42")), NOW);
		assertThat(pendingIds()).containsExactly("d");
		this.store.commands().retry(DeliverySelection.all().withEntityType("Invoice"), NOW);
		assertThat(pendingIds()).containsExactly("c", "d");
		this.store.commands().retry(DeliverySelection.all().withTarget(Target.server("billing")).withCreatedFrom(NOW.minusSeconds(10)), NOW);
		assertThat(pendingIds()).containsExactly("c", "d", "e");
		assertThat(this.store.commands().retry(DeliverySelection.ids(List.of("b", "missing", "e")), NOW)).isEqualTo(1);
		assertThat(pendingIds()).containsExactly("b", "c", "d", "e");
		assertThat(this.store.commands().retry(DeliverySelection.all().withStatus(DeliveryStatus.CANCELLED), NOW)).isZero();
		assertThat(this.store.commands().retry(DeliverySelection.all().withStatus(DeliveryStatus.FAILED), NOW)).isEqualTo(1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.store.commands().retry(DeliverySelection.all().withStatus(DeliveryStatus.PENDING), NOW))
			.withMessageContaining("PENDING");
	}

	@Test
	void operationsTakeIdListsLongerThanOneStatementHolds() {
		List<NewDelivery> deliveries = IntStream.range(0, 1200)
			.mapToObj((i) -> failed("f" + i, "billing", NOW.minusMillis(2000 - i), "HTTP 500"))
			.toList();
		insert(deliveries.toArray(NewDelivery[]::new));
		List<String> ids = new ArrayList<>(deliveries.stream().map(NewDelivery::id).toList());
		ids.add("f0");
		assertThat(this.store.commands().retry(DeliverySelection.ids(ids), NOW)).isEqualTo(1200);
		assertThat(this.store.commands().cancel(DeliverySelection.ids(ids.subList(0, 700)), NOW)).isEqualTo(700);
		assertThat(this.store.queries().countByStatus(null)).containsEntry(DeliveryStatus.PENDING, 500L)
			.containsEntry(DeliveryStatus.CANCELLED, 700L);
	}

	@Test
	void sendNowMakesOnlyPendingDeliveriesWaitingForALaterAttemptDue() {
		insert(pending("waiting", "billing", NOW.minusSeconds(30)), pending("due", "billing", NOW.minusSeconds(20)),
				pending("other", "shipping", NOW.minusSeconds(10)));
		List<Delivery> claimed = this.store.leases().claim("dispatcher-a", NOW, LEASE, 3);
		assertThat(claimed).hasSize(3);
		Instant inAnHour = NOW.plusSeconds(3600);
		this.store.leases().complete(List.of(retryAt("waiting", inAnHour), retryAt("other", inAnHour)), NOW);
		this.store.leases().release("dispatcher-a", List.of("due"), NOW);
		assertThat(this.store.commands().sendNow(DeliverySelection.all().withTarget(Target.server("billing")), NOW.plusSeconds(1))).isEqualTo(1);
		assertThat(this.store.queries().find("waiting").orElseThrow().nextAttemptAt()).isEqualTo(NOW.plusSeconds(1));
		assertThat(this.store.queries().find("other").orElseThrow().nextAttemptAt()).isEqualTo(inAnHour);
		assertThat(this.store.queries().find("due").orElseThrow().nextAttemptAt()).isEqualTo(NOW);
		assertThat(this.store.leases().claim("dispatcher-a", NOW.plusSeconds(1), LEASE, 10)).extracting(Delivery::id)
			.containsExactly("due", "waiting");
	}

	@Test
	void cancelMovesOnlyPendingDeliveriesAndLeavesThoseInFlight() {
		insert(pending("p1", "billing", NOW.minusSeconds(30)), pending("p2", "billing", NOW.minusSeconds(20)),
				failed("f1", "billing", NOW.minusSeconds(10), "HTTP 500"));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 1);
		assertThat(this.store.commands().cancel(DeliverySelection.all().withTarget(Target.server("billing")), NOW)).isEqualTo(1);
		Delivery cancelled = this.store.queries().find("p2").orElseThrow();
		assertThat(cancelled.status()).isEqualTo(DeliveryStatus.CANCELLED);
		assertThat(cancelled.completedAt()).isEqualTo(NOW);
		assertThat(this.store.queries().find("p1").orElseThrow().status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
		assertThat(this.store.queries().find("f1").orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
	}

	@Test
	void countByStatusCountsEveryStatusOptionallyOnlyRecentDeliveries() {
		insert(pending("p1", "billing", NOW.minusSeconds(600)), pending("p2", "billing", NOW.minusSeconds(60)),
				failed("f1", "billing", NOW.minusSeconds(600), "HTTP 500"),
				failed("f2", "billing", NOW.minusSeconds(60), "HTTP 500"),
				failed("f3", "billing", NOW.minusSeconds(30), "HTTP 500"));
		assertThat(this.store.queries().countByStatus(null)).isEqualTo(Map.of(DeliveryStatus.PENDING, 2L,
				DeliveryStatus.IN_FLIGHT, 0L, DeliveryStatus.SUCCEEDED, 0L, DeliveryStatus.FAILED, 3L,
				DeliveryStatus.CANCELLED, 0L));
		assertThat(this.store.queries().countByStatus(NOW.minusSeconds(60))).containsEntry(DeliveryStatus.PENDING, 1L)
			.containsEntry(DeliveryStatus.FAILED, 2L);
	}

	@Test
	void purgeDeletesFinishedDeliveriesCompletedBeforeTheCutoffWithTheirAttempts() {
		insert(pending("old-pending", "billing", NOW.minusSeconds(900)),
				pending("old-succeeded", "billing", NOW.minusSeconds(800)),
				failed("old-failed", "billing", NOW.minusSeconds(700), "HTTP 500"),
				failed("new-failed", "billing", NOW.minusSeconds(100), "HTTP 500"));
		this.store.leases().claim("dispatcher-a", NOW.minusSeconds(600), LEASE, 2);
		this.store.leases().complete(List.of(outcome("old-succeeded", DeliveryStatus.SUCCEEDED)), NOW.minusSeconds(600));
		this.store.leases().release("dispatcher-a", List.of("old-pending"), NOW.minusSeconds(600));
		assertThat(this.store.queries().attempts("old-succeeded")).hasSize(1);
		assertThat(this.store.commands().purgeFinished(NOW.minusSeconds(300), 1)).isEqualTo(1);
		assertThat(this.store.commands().purgeFinished(NOW.minusSeconds(300), 10)).isEqualTo(1);
		assertThat(this.store.commands().purgeFinished(NOW.minusSeconds(300), 10)).isZero();
		assertThat(this.store.queries().find("old-succeeded")).isEmpty();
		assertThat(this.store.queries().attempts("old-succeeded")).isEmpty();
		assertThat(this.store.queries().find("old-failed")).isEmpty();
		assertThat(this.store.queries().find("old-pending")).isPresent();
		assertThat(this.store.queries().find("new-failed")).isPresent();
	}

	@Test
	void purgeEmptiesATableOfAHundredThousandFinishedDeliveriesInShortBatches() {
		int rows = 100_000;
		for (int start = 0; start < rows; start += 10_000) {
			int from = start;
			insert(IntStream.range(from, from + 10_000)
				.mapToObj((i) -> failed("d" + i, "billing", NOW.minus(Duration.ofDays(40)).plusMillis(i), "HTTP 500"))
				.toArray(NewDelivery[]::new));
		}
		insert(pending("waiting", "billing", NOW.minus(Duration.ofDays(40))),
				failed("recent", "billing", NOW.minus(Duration.ofDays(1)), "HTTP 500"));
		WebhookOperations operations = new WebhookOperations(this.store.queries(), this.store.commands(), this.store.targets(), Clock.fixed(NOW, ZoneOffset.UTC),
				new WebhookOperations.Settings(Duration.ofDays(30), 1000, Duration.ofHours(24), 20), () -> {
				});
		OperationReport.Purged report = operations.purge(Duration.ofDays(30));
		System.out.printf("Purged %d finished deliveries on %s in %d batches of 1000: %d ms%n", report.deliveries(),
				kind(), report.batches(), report.millis());
		assertThat(report.deliveries()).isEqualTo(rows);
		assertThat(report.batches()).isEqualTo(rows / 1000 + 1);
		assertThat(this.store.queries().countByStatus(null)).containsEntry(DeliveryStatus.FAILED, 1L)
			.containsEntry(DeliveryStatus.PENDING, 1L);
	}

	@Test
	void statsCountTheQueueAndListFailingTargetsWithTheirLastError() {
		insert(pending("p1", "billing", NOW.minusSeconds(120)), pending("p2", "shipping", NOW.minusSeconds(60)),
				failed("f1", "billing", NOW.minusSeconds(3000), "HTTP 500"),
				failed("f2", "hook:7", NOW.minusSeconds(30), "connection refused"));
		this.store.leases().claim("dispatcher-a", NOW, LEASE, 1);
		this.store.leases().complete(List.of(retryAt("p1", NOW.plusSeconds(60))), NOW.minusSeconds(10));
		OutboxStats stats = this.store.queries().stats(NOW.minusSeconds(600), 10);
		assertThat(stats.counts()).containsEntry(DeliveryStatus.PENDING, 2L).containsEntry(DeliveryStatus.FAILED, 2L);
		assertThat(stats.queueDepth()).isEqualTo(2);
		assertThat(stats.oldestPendingCreatedAt()).isEqualTo(NOW.minusSeconds(120));
		assertThat(stats.oldestPendingAge(NOW)).isEqualTo(Duration.ofSeconds(120));
		// billing's failure of long ago is outside the window; its retry ten seconds ago is the latest failure
		assertThat(stats.failingTargets()).containsExactly(
				new OutboxStats.FailingTarget(Target.server("billing"), 1, NOW.minusSeconds(10), "HTTP 500"),
				new OutboxStats.FailingTarget(Target.hook("7"), 1, NOW.minusSeconds(30), "connection refused"));
		assertThat(this.store.queries().stats(NOW.minusSeconds(600), 1).failingTargets()).hasSize(1);
		this.database.emptyOutbox();
		OutboxStats empty = this.store.queries().stats(NOW, 10);
		assertThat(empty.queueDepth()).isZero();
		assertThat(empty.oldestPendingCreatedAt()).isNull();
		assertThat(empty.failingTargets()).isEmpty();
	}

	private List<String> pendingIds() {
		return this.store.queries().search(DeliverySearch.newest(100).withStatus(DeliveryStatus.PENDING))
			.stream()
			.map(Delivery::id)
			.sorted()
			.toList();
	}

	private static NewDelivery pending(String id, String target, Instant createdAt) {
		return new NewDelivery(id, Target.parse(target), "https://example.com/hooks", "POST", Map.of(), "invoice.paid", null, null,
				"{}", createdAt);
	}

	private static NewDelivery failed(String id, String target, Instant createdAt, @Nullable String failure) {
		return new NewDelivery(id, Target.parse(target), "https://example.com/hooks", "POST", Map.of(), "invoice.paid", null, null,
				"{}", createdAt, failure);
	}

	private static NewDelivery entity(NewDelivery delivery, String entityType) {
		return new NewDelivery(delivery.id(), delivery.target(), delivery.url(), delivery.httpMethod(),
				delivery.headers(), delivery.eventType(), entityType, "1", delivery.payload(), delivery.createdAt(),
				delivery.failure());
	}

	private static DeliveryOutcome outcome(String id, DeliveryStatus status) {
		return new DeliveryOutcome(new DeliveryAttempt(id, 1, NOW, Duration.ofMillis(1), 500, null, "HTTP 500"),
				"dispatcher-a", status, null);
	}

	private static DeliveryOutcome retryAt(String id, Instant nextAttemptAt) {
		return new DeliveryOutcome(new DeliveryAttempt(id, 1, NOW, Duration.ofMillis(1), 500, null, "HTTP 500"),
				"dispatcher-a", DeliveryStatus.PENDING, nextAttemptAt);
	}

	private void insert(NewDelivery... deliveries) {
		write(List.of(deliveries));
	}

}
