package dev.webhooks.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import dev.webhooks.dispatch.ExponentialBackoffRetryPolicy.Settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExponentialBackoffRetryPolicyTests {

	private final ExponentialBackoffRetryPolicy withoutJitter = new ExponentialBackoffRetryPolicy(
			Settings.defaults().withJitter(0));

	@Test
	void followsTheDefaultScheduleOfAboutTwentySixHours() {
		List<Duration> delays = new ArrayList<>();
		for (int attempt = 1; attempt < 8; attempt++) {
			delays.add(this.withoutJitter.nextDelay(attempt, null).orElseThrow());
		}
		assertThat(delays).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(40), Duration.ofSeconds(320),
				Duration.ofSeconds(2560), Duration.ofSeconds(20480), Duration.ofHours(10), Duration.ofHours(10));
		Duration total = delays.stream().reduce(Duration.ZERO, Duration::plus);
		assertThat(total).isBetween(Duration.ofHours(26), Duration.ofHours(27));
		assertThat(this.withoutJitter.maxAttempts()).isEqualTo(8);
	}

	@Test
	void givesUpAfterTheLastAttempt() {
		assertThat(this.withoutJitter.nextDelay(8, null)).isEmpty();
		assertThat(this.withoutJitter.nextDelay(9, Duration.ofSeconds(1))).isEmpty();
		ExponentialBackoffRetryPolicy single = new ExponentialBackoffRetryPolicy(Settings.defaults().withMaxAttempts(1));
		assertThat(single.nextDelay(1, null)).isEmpty();
	}

	@Test
	void capsDelaysAtTheMaxInterval() {
		ExponentialBackoffRetryPolicy policy = new ExponentialBackoffRetryPolicy(
				Settings.defaults().withMaxAttempts(100).withMaxInterval(Duration.ofMinutes(1)), new Random(7));
		for (int attempt = 1; attempt < 100; attempt++) {
			assertThat(policy.nextDelay(attempt, null).orElseThrow()).isLessThanOrEqualTo(Duration.ofMinutes(1));
		}
		assertThat(policy.nextDelay(99, null)).get().isNotEqualTo(Duration.ZERO);
	}

	@Test
	void spreadsDelaysWithinTheJitterBounds() {
		ExponentialBackoffRetryPolicy policy = new ExponentialBackoffRetryPolicy(Settings.defaults(), new Random(42));
		List<Duration> delays = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			delays.add(policy.nextDelay(2, null).orElseThrow());
		}
		assertThat(delays).allSatisfy((delay) -> assertThat(delay).isBetween(Duration.ofSeconds(32),
				Duration.ofSeconds(48)));
		assertThat(delays.stream().distinct().count()).isGreaterThan(100);
		assertThat(delays).anySatisfy((delay) -> assertThat(delay).isLessThan(Duration.ofSeconds(34)));
		assertThat(delays).anySatisfy((delay) -> assertThat(delay).isGreaterThan(Duration.ofSeconds(46)));
	}

	@Test
	void usesTheExtremesOfTheInjectedGenerator() {
		ExponentialBackoffRetryPolicy lowest = new ExponentialBackoffRetryPolicy(Settings.defaults(),
				constant(-0.2));
		ExponentialBackoffRetryPolicy highest = new ExponentialBackoffRetryPolicy(Settings.defaults(),
				constant(0.2));
		assertThat(lowest.nextDelay(1, null)).contains(Duration.ofSeconds(4));
		assertThat(highest.nextDelay(1, null)).contains(Duration.ofSeconds(6));
		// jitter never pushes a delay beyond the cap
		assertThat(highest.nextDelay(7, null)).contains(Duration.ofHours(10));
	}

	@Test
	void honoursALongerRetryAfter() {
		assertThat(this.withoutJitter.nextDelay(1, Duration.ofMinutes(2))).contains(Duration.ofMinutes(2));
	}

	@Test
	void keepsTheBackoffWhenRetryAfterIsShorter() {
		assertThat(this.withoutJitter.nextDelay(3, Duration.ofSeconds(1))).contains(Duration.ofSeconds(320));
	}

	@Test
	void capsRetryAfterAtTheMaxInterval() {
		assertThat(this.withoutJitter.nextDelay(1, Duration.ofDays(3))).contains(Duration.ofHours(10));
	}

	@Test
	void rejectsSettingsThatMakeNoSense() {
		assertThatIllegalArgumentException().isThrownBy(() -> Settings.defaults().withMaxAttempts(0))
			.withMessageContaining("maxAttempts");
		assertThatIllegalArgumentException().isThrownBy(() -> Settings.defaults().withInitialInterval(Duration.ZERO))
			.withMessageContaining("initialInterval");
		assertThatIllegalArgumentException().isThrownBy(() -> Settings.defaults().withMultiplier(0.5))
			.withMessageContaining("multiplier");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Settings.defaults().withMaxInterval(Duration.ofSeconds(1)))
			.withMessageContaining("maxInterval");
		assertThatIllegalArgumentException().isThrownBy(() -> Settings.defaults().withJitter(1.0))
			.withMessageContaining("jitter");
	}

	private static RandomGenerator constant(double value) {
		return new RandomGenerator() {

			@Override
			public long nextLong() {
				throw new UnsupportedOperationException();
			}

			@Override
			public double nextDouble(double origin, double bound) {
				return value;
			}

		};
	}

}
