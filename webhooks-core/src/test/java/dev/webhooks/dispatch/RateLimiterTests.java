package dev.webhooks.dispatch;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The token bucket on a clock the test drives. */
class RateLimiterTests {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	@Test
	void startsWithOneTokenNotAFullBucket() {
		RateLimiter limiter = new RateLimiter(10, 5, 0);
		assertThat(limiter.tryAcquire(0)).isTrue();
		assertThat(limiter.tryAcquire(0)).isFalse();
		assertThat(limiter.nanosUntilToken(0)).isEqualTo(SECOND / 10);
	}

	@Test
	void letsTheRateThroughOverTime() {
		RateLimiter limiter = new RateLimiter(50, 1, 0);
		int taken = 0;
		for (long now = 0; now <= 20 * SECOND; now += TimeUnit.MILLISECONDS.toNanos(1)) {
			while (limiter.tryAcquire(now)) {
				taken++;
			}
		}
		assertThat(taken).isBetween(1000, 1001);
	}

	@Test
	void savesAtMostTheBurstAfterAQuietSpell() {
		RateLimiter limiter = new RateLimiter(10, 5, 0);
		int taken = 0;
		while (limiter.tryAcquire(60 * SECOND)) {
			taken++;
		}
		assertThat(taken).isEqualTo(5);
	}

}
