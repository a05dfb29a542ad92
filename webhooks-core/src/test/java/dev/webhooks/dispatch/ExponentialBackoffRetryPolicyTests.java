package dev.webhooks.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

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
	void capsDelaysAtTheMaxIntervalBeforeSpreadingThem() {
		ExponentialBackoffRetryPolicy policy = new ExponentialBackoffRetryPolicy(
				Settings.defaults().withMaxAttempts(100).withMaxInterval(Duration.ofMinutes(1)), new Random(7));
		for (int attempt = 1; attempt < 100; attempt++) {
			assertThat(policy.nextDelay(attempt, null).orElseThrow()).isLessThanOrEqualTo(Duration.ofSeconds(72));
		}
		assertThat(policy.nextDelay(99, null)).get().isNotEqualTo(Duration.ZERO);
		assertThat(policy.nextDelay(99, null).orElseThrow()).isGreaterThanOrEqualTo(Duration.ofSeconds(48));
	}

	@Test
	void spreadsCappedDelaysEvenlyOnBothSidesOfTheCap() {
		ExponentialBackoffRetryPolicy policy = new ExponentialBackoffRetryPolicy(Settings.defaults(), new Random(18));
		Duration cap = Duration.ofHours(10);
		int samples = 10_000;
		int below = 0;
		int above = 0;
		int nearCap = 0;
		int[] fifths = new int[5];
		for (int i = 0; i < samples; i++) {
			Duration delay = policy.nextDelay(7, null).orElseThrow();
			assertThat(delay).isBetween(Duration.ofHours(8), Duration.ofHours(12));
			below += (delay.compareTo(cap) < 0) ? 1 : 0;
			above += (delay.compareTo(cap) > 0) ? 1 : 0;
			double offset = (delay.toMillis() - (double) cap.toMillis()) / cap.toMillis();
			nearCap += (Math.abs(offset) <= 0.05) ? 1 : 0;
			fifths[(int) Math.min(4, Math.floor((offset + 0.2) / 0.08))]++;
		}
		// uniform over ±20%: half on each side, a quarter within 5% of the cap, a fifth in each fifth of the range
		assertThat(below).isBetween(4_700, 5_300);
		assertThat(above).isBetween(4_700, 5_300);
		assertThat(nearCap).isBetween(2_200, 2_800);
		assertThat(IntStream.of(fifths).boxed()).allSatisfy((count) -> assertThat(count).isBetween(1_800, 2_200));
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
		// at the cap the spread goes both ways, as for any other delay
		assertThat(lowest.nextDelay(7, null)).contains(Duration.ofHours(8));
		assertThat(highest.nextDelay(7, null)).contains(Duration.ofHours(12));
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
