package dev.webhooks.dispatch;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A target's pause after throttled responses. */
class TargetThrottleTests {

	private static final Instant T0 = Instant.parse("2026-03-29T10:00:00Z");

	private final TargetThrottle throttle = new TargetThrottle(Duration.ofSeconds(5), Duration.ofSeconds(60));

	@Test
	void pausesForTheRetryAfterTheTargetAskedFor() {
		assertThat(this.throttle.throttle(Duration.ofSeconds(2), T0)).isEqualTo(T0.plusSeconds(2));
		assertThat(this.throttle.pausedUntil(T0.plusSeconds(1))).isEqualTo(T0.plusSeconds(2));
		assertThat(this.throttle.pausedUntil(T0.plusSeconds(2))).isNull();
	}

	@Test
	void doublesThePauseWithEachThrottleInARowWithoutRetryAfterUpToTheLongest() {
		assertThat(this.throttle.throttle(null, T0)).isEqualTo(T0.plusSeconds(5));
		assertThat(this.throttle.throttle(null, T0.plusSeconds(5))).isEqualTo(T0.plusSeconds(15));
		assertThat(this.throttle.throttle(null, T0.plusSeconds(15))).isEqualTo(T0.plusSeconds(35));
		this.throttle.throttle(null, T0.plusSeconds(35));
		assertThat(this.throttle.throttle(null, T0.plusSeconds(100))).isEqualTo(T0.plusSeconds(160));
		this.throttle.succeeded();
		assertThat(this.throttle.throttle(null, T0.plusSeconds(200))).isEqualTo(T0.plusSeconds(205));
	}

	@Test
	void capsARetryAfterAtTheLongestPause() {
		assertThat(this.throttle.throttle(Duration.ofHours(1), T0)).isEqualTo(T0.plusSeconds(60));
	}

	@Test
	void aShorterPauseDoesNotCutALongerOneShort() {
		this.throttle.throttle(Duration.ofSeconds(30), T0);
		assertThat(this.throttle.throttle(Duration.ofSeconds(2), T0)).isEqualTo(T0.plusSeconds(30));
	}

}
