package dev.webhooks.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;

import static org.assertj.core.api.Assertions.assertThat;

/** The test outbox must keep the {@link dev.webhooks.delivery.DeliveryLeases} contract the dispatcher relies on. */
class InMemoryOutboxTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final InMemoryOutbox store = new InMemoryOutbox(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void claimsOnlyDueDeliveriesOldestFirstAndCountsTheAttempt() {
		this.store.add(List.of(delivery("later", NOW.plusSeconds(10)), delivery("second", NOW.minusSeconds(1)),
				delivery("first", NOW.minusSeconds(2))));

		List<Delivery> claimed = this.store.claim("a", NOW, Duration.ofMinutes(1), 10);

		assertThat(claimed).extracting(Delivery::id).containsExactly("first", "second");
		assertThat(claimed).allSatisfy((d) -> {
			assertThat(d.status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
			assertThat(d.attemptCount()).isEqualTo(1);
			assertThat(d.leaseOwner()).isEqualTo("a");
			assertThat(d.leaseExpiresAt()).isEqualTo(NOW.plusSeconds(60));
		});
		assertThat(this.store.claim("b", NOW, Duration.ofMinutes(1), 10)).isEmpty();
	}

	@Test
	void letsAnotherOwnerTakeOverAnExpiredLeaseAndDropsTheFormerOwnersOutcome() {
		this.store.add(List.of(delivery("msg", NOW)));
		this.store.claim("a", NOW, Duration.ofMinutes(1), 10);

		assertThat(this.store.claim("b", NOW.plusSeconds(59), Duration.ofMinutes(1), 10)).isEmpty();
		assertThat(this.store.claim("b", NOW.plusSeconds(60), Duration.ofMinutes(1), 10)).hasSize(1);

		assertThat(this.store.complete(List.of(outcome("a", 1)), NOW)).isZero();
		assertThat(this.store.complete(List.of(outcome("b", 2)), NOW)).isEqualTo(1);
		assertThat(this.store.find("msg").orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
		assertThat(this.store.attempts("msg")).extracting(DeliveryAttempt::attemptNumber).containsExactly(2);
	}

	@Test
	void releasesOnlyTheOwnersClaimsWithoutCountingTheAttempt() {
		this.store.add(List.of(delivery("msg", NOW)));
		this.store.claim("a", NOW, Duration.ofMinutes(1), 10);

		assertThat(this.store.release("b", List.of("msg"), NOW)).isZero();
		assertThat(this.store.release("a", List.of("msg"), NOW)).isEqualTo(1);

		Delivery released = this.store.find("msg").orElseThrow();
		assertThat(released.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(released.attemptCount()).isZero();
		assertThat(this.store.claim("b", NOW, Duration.ofMinutes(1), 10)).hasSize(1);
	}

	private static NewDelivery delivery(String id, Instant createdAt) {
		return new NewDelivery(id, Target.server("orders"), "http://example.com", "POST", Map.of(), "order.created", null, null,
				"{}", createdAt);
	}

	private static DeliveryOutcome outcome(String owner, int attemptNumber) {
		return new DeliveryOutcome(new DeliveryAttempt("msg", attemptNumber, NOW, Duration.ZERO, 200, "", null), owner,
				DeliveryStatus.SUCCEEDED, null);
	}

}
