package dev.webhooks.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.DeliveryStore;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.dispatch.InMemoryDeliveryStore;
import dev.webhooks.idempotency.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TargetAutoDisableTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-29T10:00:00Z"));

	private final InMemoryDeliveryStore store = new InMemoryDeliveryStore(this.clock);

	private final TargetAutoDisable autoDisable = new TargetAutoDisable(this.store, this.clock, Duration.ofDays(5),
			"webhooks");

	private final WebhookOperations operations = new WebhookOperations(this.store, this.clock,
			WebhookOperations.Settings.defaults(), () -> {
			});

	@Test
	void aTargetFailingForFiveDaysIsDisabledAndItsKeptDeliveriesAreDueOnceAnOperatorEnablesIt() {
		Delivery billing = delivery("b1", "billing");
		this.autoDisable.attemptFailed(billing, attempt("b1"), this.clock.instant());
		this.clock.advance(Duration.ofDays(3));
		this.autoDisable.deliveryFailed(billing, attempt("b1"));
		assertThat(this.autoDisable.check()).isEmpty();
		this.clock.advance(Duration.ofDays(2).plusSeconds(1));
		this.store.insert(null, List.of(new NewDelivery("b2", "billing", "https://example.com", "POST", Map.of(),
				"invoice.paid", null, null, "{}", this.clock.instant())));
		assertThat(this.autoDisable.check()).containsExactly("billing");
		assertThat(this.store.find("b2").orElseThrow().nextAttemptAt()).isEqualTo(DeliveryStore.PARKED_UNTIL);
		assertThat(this.operations.stats().disabledTargets()).containsOnlyKeys("billing");
		assertThat(this.operations.stats().summary()).contains("disabled target 'billing' since");

		OperationReport.Changed enabled = this.operations
			.enableTarget(OperationArguments.parse(Map.of("target", "billing")::get, this.clock.instant()));
		assertThat(enabled).isEqualTo(new OperationReport.Changed("enable-target", 1));
		assertThat(this.store.find("b2").orElseThrow().nextAttemptAt()).isEqualTo(this.clock.instant());
		assertThat(this.store.find("b2").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> this.operations
				.enableTarget(OperationArguments.parse(Map.of("target", "billing")::get, this.clock.instant())))
			.withMessage("target 'billing' is not disabled; disabled targets: []");
	}

	@Test
	void aSuccessEndsTheFailingPeriod() {
		Delivery billing = delivery("b1", "billing");
		this.autoDisable.attemptFailed(billing, attempt("b1"), this.clock.instant());
		this.clock.advance(Duration.ofDays(4));
		this.autoDisable.attemptSucceeded(billing, attempt("b1"));
		this.clock.advance(Duration.ofDays(1));
		this.autoDisable.attemptFailed(billing, attempt("b1"), this.clock.instant());
		this.clock.advance(Duration.ofDays(2));
		assertThat(this.autoDisable.check()).isEmpty();
	}

	private Delivery delivery(String id, String target) {
		Instant now = this.clock.instant();
		return new Delivery(id, target, "https://example.com", "POST", Map.of(), "invoice.paid", null, null, "{}",
				DeliveryStatus.IN_FLIGHT, 1, now, "dispatcher", now, null, null, now, now, null);
	}

	private DeliveryAttempt attempt(String id) {
		return new DeliveryAttempt(id, 1, this.clock.instant(), Duration.ofMillis(5), 503, null, "HTTP 503");
	}

}
