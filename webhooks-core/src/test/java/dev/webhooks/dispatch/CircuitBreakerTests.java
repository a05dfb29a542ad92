package dev.webhooks.dispatch;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.webhooks.dispatch.CircuitBreaker.State;

import static org.assertj.core.api.Assertions.assertThat;

/** One target's circuit on times the test sets. */
class CircuitBreakerTests {

	private static final Instant T0 = Instant.parse("2026-03-29T10:00:00Z");

	private final CircuitBreaker breaker = new CircuitBreaker(
			new BreakerSettings(true, 0.5, 10, Duration.ofSeconds(10), Duration.ofSeconds(5)));

	@Test
	void staysClosedBelowTheMinimumOfCallsWhateverFails() {
		for (int i = 0; i < 9; i++) {
			assertThat(this.breaker.record(false, false, T0)).isNull();
		}
		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
		assertThat(this.breaker.permit(T0).call()).isTrue();
	}

	@Test
	void opensAtTheThresholdAndDefersUntilTheCoolDownIsOver() {
		for (int i = 0; i < 9; i++) {
			this.breaker.record(i % 2 == 0, false, T0);
		}
		assertThat(this.breaker.record(false, false, T0)).isEqualTo(State.OPEN);
		assertThat(this.breaker.lastFailureRate()).isEqualTo(0.5);
		CircuitBreaker.Permission permission = this.breaker.permit(T0.plusSeconds(1));
		assertThat(permission.call()).isFalse();
		assertThat(permission.notBefore()).isEqualTo(T0.plusSeconds(5));
	}

	@Test
	void letsOneProbeThroughAfterTheCoolDownAndClosesWhenItSucceeds() {
		open();
		CircuitBreaker.Permission probe = this.breaker.permit(T0.plusSeconds(5));
		assertThat(probe.probe()).isTrue();
		assertThat(this.breaker.permit(T0.plusSeconds(5)).call()).isFalse();
		assertThat(this.breaker.record(true, true, T0.plusSeconds(6))).isEqualTo(State.CLOSED);
		assertThat(this.breaker.permit(T0.plusSeconds(6))).isEqualTo(CircuitBreaker.Permission.CALL);
		// the window starts over: one failure does not open it again
		assertThat(this.breaker.record(false, false, T0.plusSeconds(6))).isNull();
	}

	@Test
	void opensForAnotherCoolDownWhenTheProbeFails() {
		open();
		assertThat(this.breaker.permit(T0.plusSeconds(5)).probe()).isTrue();
		assertThat(this.breaker.record(false, true, T0.plusSeconds(6))).isNull();
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
		assertThat(this.breaker.permit(T0.plusSeconds(7)).notBefore()).isEqualTo(T0.plusSeconds(11));
	}

	@Test
	void forgetsCallsOlderThanTheWindow() {
		for (int i = 0; i < 9; i++) {
			this.breaker.record(false, false, T0);
		}
		assertThat(this.breaker.record(false, false, T0.plusSeconds(11))).isNull();
		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void aDisabledBreakerNeverOpens() {
		CircuitBreaker disabled = new CircuitBreaker(BreakerSettings.DISABLED);
		for (int i = 0; i < 100; i++) {
			assertThat(disabled.record(false, false, T0)).isNull();
		}
		assertThat(disabled.permit(T0).call()).isTrue();
	}

	private void open() {
		for (int i = 0; i < 10; i++) {
			this.breaker.record(false, false, T0);
		}
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
	}

}
