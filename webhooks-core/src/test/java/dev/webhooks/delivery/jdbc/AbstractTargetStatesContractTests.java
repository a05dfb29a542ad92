package dev.webhooks.delivery.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.testing.OutboxDatabaseTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every database must do for {@link JdbcTargetStates}: failing periods recorded idempotently, targets disabled,
 * their deliveries parked and due again once enabled; one subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTargetStatesContractTests extends OutboxDatabaseTests {

	private static final Instant NOW = Instant.parse("2026-03-29T01:30:00.123456Z");

	private static final Duration LEASE = Duration.ofSeconds(30);

	@BeforeEach
	void emptyTables() throws SQLException {
		this.database.emptyOutbox();
		this.database.execute("DELETE FROM webhooks_target_states");
	}

	@Test
	void aTargetFailingLongerThanThePeriodIsDisabledItsDeliveriesParkedAndDueAgainOnceEnabled() {
		Duration period = Duration.ofDays(5);
		this.store.targets().recordAttempts(Map.of(Target.server("billing"), false), NOW.minus(Duration.ofDays(6)));
		this.store.targets().recordAttempts(Map.of(Target.server("billing"), false), NOW.minus(Duration.ofDays(1)));
		this.store.targets().recordAttempts(Map.of(Target.server("shipping"), false), NOW.minus(Duration.ofDays(6)));
		this.store.targets().recordAttempts(Map.of(Target.server("shipping"), true), NOW.minus(Duration.ofDays(1)));
		this.store.targets().recordAttempts(Map.of(Target.hook("7"), false), NOW.minus(Duration.ofDays(1)));
		assertThat(this.store.targets().disableFailingTargets(NOW.minus(period), NOW))
			.containsExactly(Target.server("billing"));
		assertThat(this.store.targets().disableFailingTargets(NOW.minus(period), NOW)).isEmpty();
		assertThat(this.store.targets().disabledTargets()).isEqualTo(Map.of(Target.server("billing"), NOW));

		insert(pending("b1", "billing", NOW.minusSeconds(10)), pending("s1", "shipping", NOW.minusSeconds(5)));
		assertThat(this.store.targets().parkDisabledTargets(NOW)).isEqualTo(1);
		assertThat(this.store.targets().parkDisabledTargets(NOW)).isZero();
		assertThat(this.store.queries().find("b1").orElseThrow().nextAttemptAt()).isEqualTo(TargetStates.PARKED_UNTIL);
		assertThat(this.store.queries().find("b1").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(this.store.leases().claim("dispatcher-a", NOW, LEASE, 10)).extracting(Delivery::id).containsExactly("s1");

		// a success elsewhere does not enable it: only an operator does
		this.store.targets().recordAttempts(Map.of(Target.server("billing"), true), NOW);
		assertThat(this.store.targets().disabledTargets()).containsOnlyKeys(Target.server("billing"));
		assertThat(this.store.targets().enableTarget(Target.server("billing"), NOW.plusSeconds(1))).isEqualTo(1);
		assertThat(this.store.queries().find("b1").orElseThrow().nextAttemptAt()).isEqualTo(NOW.plusSeconds(1));
		assertThat(this.store.targets().disabledTargets()).isEmpty();
		assertThat(this.store.targets().enableTarget(Target.server("billing"), NOW)).isEqualTo(-1);
		// failing again counts from the new failure
		this.store.targets().recordAttempts(Map.of(Target.server("billing"), false), NOW);
		assertThat(this.store.targets().disableFailingTargets(NOW.minus(period), NOW)).isEmpty();
	}

	@Test
	void aTargetDisabledAtOnceWhetherFailingOrNotHasItsDeliveriesParkedOnce() {
		insert(pending("b1", "billing", NOW.minusSeconds(10)), pending("s1", "shipping", NOW.minusSeconds(5)));
		this.store.targets().recordAttempts(Map.of(Target.server("shipping"), false), NOW.minusSeconds(1));
		assertThat(this.store.targets().disableTarget(Target.server("billing"), NOW)).isTrue();
		assertThat(this.store.targets().disableTarget(Target.server("shipping"), NOW)).isTrue();
		assertThat(this.store.targets().disableTarget(Target.server("billing"), NOW)).isFalse();
		assertThat(this.store.targets().disabledTargets())
			.isEqualTo(Map.of(Target.server("billing"), NOW, Target.server("shipping"), NOW));
		assertThat(this.store.queries().find("b1").orElseThrow().nextAttemptAt()).isEqualTo(TargetStates.PARKED_UNTIL);
		assertThat(this.store.queries().find("s1").orElseThrow().nextAttemptAt()).isEqualTo(TargetStates.PARKED_UNTIL);
		assertThat(this.store.targets().enableTarget(Target.server("billing"), NOW.plusSeconds(1))).isEqualTo(1);
		assertThat(this.store.queries().find("b1").orElseThrow().nextAttemptAt()).isEqualTo(NOW.plusSeconds(1));
	}

	@Test
	void recordingTheSameStatesFromManyDispatchersAtOnceNeitherFailsNorMovesTheStartOfAFailingPeriod()
			throws Exception {
		this.store.targets().recordAttempts(Map.of(Target.server("billing"), false), NOW.minus(Duration.ofDays(6)));
		ExecutorService dispatchers = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> writes = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				Instant at = NOW.plusMillis(i);
				writes.add(dispatchers.submit(() -> this.store.targets()
					.recordAttempts(Map.of(Target.server("billing"), false, Target.server("shipping"), false), at)));
			}
			for (Future<?> write : writes) {
				write.get();
			}
		}
		finally {
			dispatchers.shutdownNow();
		}
		// billing failed first six days ago: only it has failed for longer than five days
		assertThat(this.store.targets().disableFailingTargets(NOW.minus(Duration.ofDays(5)), NOW))
			.containsExactly(Target.server("billing"));
		this.store.targets().recordAttempts(Map.of(Target.server("shipping"), true, Target.server("other"), true), NOW);
		this.store.targets().recordAttempts(Map.of(Target.server("shipping"), true), NOW);
		assertThat(this.store.targets().disableFailingTargets(NOW.plus(Duration.ofDays(1)), NOW)).isEmpty();
	}

	private static NewDelivery pending(String id, String target, Instant createdAt) {
		return new NewDelivery(id, Target.parse(target), "https://example.com/hooks", "POST", Map.of(), "invoice.paid", null, null,
				"{}", createdAt);
	}

	private void insert(NewDelivery... deliveries) {
		write(List.of(deliveries));
	}

}
