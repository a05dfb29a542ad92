package dev.webhooks.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.dispatch.TargetStateRecorder;
import dev.webhooks.idempotency.MutableClock;
import dev.webhooks.testing.OutboxDatabaseTests;
import dev.webhooks.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Auto-disable on H2. */
class TargetAutoDisableTests extends OutboxDatabaseTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-29T10:00:00Z"));

	private TargetStateRecorder recorder;

	private TargetAutoDisable autoDisable;

	private WebhookOperations operations;

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

	@BeforeEach
	void emptyOutbox() {
		this.database.emptyOutbox();
		this.database.execute("DELETE FROM webhooks_target_states");
		this.recorder = new TargetStateRecorder(this.store.targets());
		this.autoDisable = new TargetAutoDisable(this.store.targets(), this.recorder, this.clock, Duration.ofDays(5),
				"webhooks");
		this.operations = new WebhookOperations(this.store.queries(), this.store.commands(), this.store.targets(),
				this.clock, WebhookOperations.Settings.defaults(), () -> {
				});
	}

	@Test
	void aTargetFailingForFiveDaysIsDisabledAndItsKeptDeliveriesAreDueOnceAnOperatorEnablesIt() {
		record("billing", false);
		this.clock.advance(Duration.ofDays(3));
		record("billing", false);
		assertThat(this.autoDisable.check()).isEmpty();
		this.clock.advance(Duration.ofDays(2).plusSeconds(1));
		write(List.of(new NewDelivery("b2", Target.server("billing"), "https://example.com", "POST", Map.of(),
				"invoice.paid", null, null, "{}", this.clock.instant())));
		assertThat(this.autoDisable.check()).containsExactly(Target.server("billing"));
		assertThat(this.store.queries().find("b2").orElseThrow().nextAttemptAt()).isEqualTo(TargetStates.PARKED_UNTIL);
		assertThat(this.operations.stats().disabledTargets()).containsOnlyKeys("billing");
		assertThat(this.operations.disabledTargets()).containsExactly(Map.entry(Target.server("billing"),
				this.clock.instant()));
		assertThat(this.operations.stats().summary()).contains("disabled target 'billing' since");

		OperationReport.Changed enabled = this.operations
			.enableTarget(OperationArguments.parse(Map.of("target", "billing")::get, this.clock.instant()));
		assertThat(enabled).isEqualTo(new OperationReport.Changed("enable-target", 1));
		assertThat(this.store.queries().find("b2").orElseThrow().nextAttemptAt()).isEqualTo(this.clock.instant());
		assertThat(this.store.queries().find("b2").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> this.operations
				.enableTarget(OperationArguments.parse(Map.of("target", "billing")::get, this.clock.instant())))
			.withMessage("target 'billing' is not disabled; disabled targets: []");
	}

	@Test
	void aSuccessEndsTheFailingPeriod() {
		record("billing", false);
		this.clock.advance(Duration.ofDays(4));
		record("billing", true);
		this.clock.advance(Duration.ofDays(1));
		record("billing", false);
		this.clock.advance(Duration.ofDays(2));
		assertThat(this.autoDisable.check()).isEmpty();
	}

	/** What the dispatcher's outcome writer does with a batch holding one outcome for the target. */
	private void record(String target, boolean succeeded) {
		this.recorder.record(Map.of(Target.parse(target), succeeded), this.clock.instant());
	}

}
