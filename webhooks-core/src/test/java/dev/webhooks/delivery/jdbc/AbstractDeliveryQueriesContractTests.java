package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.webhooks.delivery.DeliveriesPerMinute;
import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.testing.OutboxDatabaseTests;
import dev.webhooks.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What every database must do for the admin pages: keyset pages of the outbox with every filter, deliveries per
 * minute, and replay; one subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDeliveryQueriesContractTests extends OutboxDatabaseTests {

	private static final Instant NOW = Instant.parse("2026-03-29T01:30:00.123456Z");

	@BeforeEach
	void emptyTables() throws SQLException {
		this.database.emptyOutbox();
	}

	@Test
	void pagesWalkEveryDeliveryNewestFirstWithoutGapsOrRepeatsEvenWithinOneMicrosecond() {
		List<NewDelivery> deliveries = new ArrayList<>();
		for (int i = 0; i < 23; i++) {
			// three deliveries share each creation time, so the id breaks the ties between pages
			deliveries.add(delivery(String.format("d%02d", i), "billing", "Invoice", "created",
					NOW.minusSeconds(100 - i / 3)));
		}
		insert(deliveries);
		List<String> seen = new ArrayList<>();
		DeliverySearch search = DeliverySearch.newest(5);
		List<Delivery> page = this.store.queries().search(search);
		while (!page.isEmpty()) {
			page.forEach((delivery) -> seen.add(delivery.id()));
			search = search.after(page.get(page.size() - 1));
			page = this.store.queries().search(search);
		}
		List<String> expected = new ArrayList<>(deliveries.stream().map(NewDelivery::id).toList());
		expected.sort((a, b) -> {
			int byTime = time(b).compareTo(time(a));
			return (byTime != 0) ? byTime : b.compareTo(a);
		});
		assertThat(seen).containsExactlyElementsOf(expected);
	}

	@Test
	void everyFilterNarrowsThePage() {
		insert(List.of(delivery("a", "billing", "Invoice", "created", NOW.minusSeconds(50)),
				delivery("b", "hook:42", "Invoice", "updated", NOW.minusSeconds(40)),
				delivery("c", "billing", "Customer", "created", NOW.minusSeconds(30)),
				delivery("d", "billing", null, "invoice.paid", NOW.minusSeconds(20)),
				delivery("e", "shipping", "Invoice", "created", NOW.minusSeconds(10))));
		complete("a", DeliveryStatus.FAILED);
		assertThat(ids(DeliverySearch.newest(10))).containsExactly("e", "d", "c", "b", "a");
		assertThat(ids(DeliverySearch.newest(10).withStatus(DeliveryStatus.FAILED))).containsExactly("a");
		assertThat(ids(DeliverySearch.newest(10).withStatus(DeliveryStatus.PENDING))).containsExactly("e", "d", "c",
				"b");
		assertThat(ids(DeliverySearch.newest(10).withTarget(Target.hook("42")))).containsExactly("b");
		assertThat(ids(DeliverySearch.newest(10).withEntityType("Invoice"))).containsExactly("e", "b", "a");
		assertThat(ids(DeliverySearch.newest(10).withEventType("created"))).containsExactly("e", "c", "a");
		assertThat(ids(DeliverySearch.newest(10).withCreated(NOW.minusSeconds(40), NOW.minusSeconds(20))))
			.containsExactly("c", "b");
		assertThat(ids(DeliverySearch.newest(10).withTarget(Target.server("billing")).withEventType("created")))
			.containsExactly("c", "a");
		assertThat(ids(DeliverySearch.newest(2))).containsExactly("e", "d");
		assertThat(ids(DeliverySearch.newest(0))).isEmpty();
	}

	@Test
	void deliveriesAreCountedPerUtcMinuteOldestFirst() {
		Instant minute = Instant.parse("2026-03-29T01:27:00Z");
		insert(List.of(delivery("before", "billing", null, "e", minute.minusMillis(1)),
				delivery("m1", "billing", null, "e", minute),
				delivery("m2", "billing", null, "e", minute.plusSeconds(59).plusMillis(999)),
				delivery("m3", "billing", null, "e", minute.plusSeconds(60)),
				delivery("m4", "billing", null, "e", minute.plusSeconds(150))));
		assertThat(this.store.queries().countPerMinute(minute)).containsExactly(new DeliveriesPerMinute(minute, 2),
				new DeliveriesPerMinute(minute.plusSeconds(60), 1), new DeliveriesPerMinute(minute.plusSeconds(120), 1));
		assertThat(this.store.queries().countPerMinute(NOW)).isEmpty();
	}

	@Test
	void replayPutsFinishedDeliveriesSinceATimeBackInTheQueueAndLeavesTheRestAlone() {
		insert(List.of(delivery("old", "billing", null, "e", NOW.minusSeconds(600)),
				delivery("ok", "billing", null, "e", NOW.minusSeconds(50)),
				delivery("bad", "billing", null, "e", NOW.minusSeconds(40)),
				delivery("waiting", "billing", null, "e", NOW.minusSeconds(30)),
				delivery("other", "shipping", null, "e", NOW.minusSeconds(20))));
		complete("old", DeliveryStatus.SUCCEEDED);
		complete("ok", DeliveryStatus.SUCCEEDED);
		complete("bad", DeliveryStatus.FAILED);
		complete("other", DeliveryStatus.SUCCEEDED);
		Instant later = NOW.plusSeconds(5);
		int replayed = this.store.commands().replay(DeliverySelection.all().withTarget(Target.server("billing"))
			.withCreatedFrom(NOW.minusSeconds(60)), later);
		assertThat(replayed).isEqualTo(2);
		Delivery ok = this.store.queries().find("ok").orElseThrow();
		assertThat(ok.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(ok.attemptCount()).isZero();
		assertThat(ok.nextAttemptAt()).isEqualTo(later);
		assertThat(ok.completedAt()).isNull();
		assertThat(this.store.queries().find("bad").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(this.store.queries().find("old").orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
		assertThat(this.store.queries().find("other").orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
		assertThat(this.store.queries().attempts("ok")).hasSize(1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.store.commands().replay(DeliverySelection.all().withStatus(DeliveryStatus.PENDING), later))
			.withMessageContaining("PENDING");
	}

	private Instant time(String id) {
		int i = Integer.parseInt(id.substring(1));
		return NOW.minusSeconds(100 - i / 3);
	}

	private List<String> ids(DeliverySearch search) {
		return this.store.queries().search(search).stream().map(Delivery::id).toList();
	}

	private void complete(String id, DeliveryStatus status) {
		List<Delivery> claimed = this.store.leases().claim("dispatcher-a", NOW.plusSeconds(3600), Duration.ofSeconds(30), 100);
		List<DeliveryOutcome> outcomes = new ArrayList<>();
		List<String> others = new ArrayList<>();
		for (Delivery delivery : claimed) {
			if (delivery.id().equals(id)) {
				outcomes.add(new DeliveryOutcome(new DeliveryAttempt(id, 1, NOW, Duration.ofMillis(3),
						(status == DeliveryStatus.SUCCEEDED) ? 200 : 500, null,
						(status == DeliveryStatus.SUCCEEDED) ? null : "HTTP 500"), "dispatcher-a", status, null));
			}
			else {
				others.add(delivery.id());
			}
		}
		this.store.leases().complete(outcomes, NOW);
		this.store.leases().release("dispatcher-a", others, NOW);
	}

	private static NewDelivery delivery(String id, String target, String entityType, String eventType,
			Instant createdAt) {
		return new NewDelivery(id, Target.parse(target), "https://example.com/hooks", "POST", Map.of(), eventType, entityType,
				(entityType != null) ? "1" : null, "{}", createdAt);
	}

	private void insert(List<NewDelivery> deliveries) {
		write(deliveries);
	}

}
