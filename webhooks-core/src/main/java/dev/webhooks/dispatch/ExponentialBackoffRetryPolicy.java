package dev.webhooks.dispatch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * Exponential backoff with jitter. The delay after attempt {@code n} is
 * {@code initialInterval * multiplier^(n-1)}, capped at {@code maxInterval}, then spread by {@code ±jitter}: at the
 * cap too, so that deliveries that failed together keep retrying apart (a jittered delay may thus reach
 * {@code maxInterval * (1 + jitter)}). A longer {@code Retry-After} from the target wins, capped at
 * {@code maxInterval}.
 * <p>
 * With the {@linkplain Settings#defaults() defaults} (8 attempts, 5s, x8, 10h cap, ±20% jitter) the delays before
 * attempts 2 to 8 are about 5s, 40s, 5m20s, 42m40s, 5h41m20s, 10h and 10h: the last attempt comes about 26.5 hours
 * after the first, close to the retry schedule of Svix.
 */
public final class ExponentialBackoffRetryPolicy implements RetryPolicy {

	private final Settings settings;

	private final @Nullable RandomGenerator random;

	/** A policy with the {@linkplain Settings#defaults() default settings}. */
	public ExponentialBackoffRetryPolicy() {
		this(Settings.defaults());
	}

	public ExponentialBackoffRetryPolicy(Settings settings) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.random = null;
	}

	/**
	 * A policy drawing its jitter from the given generator, which must be thread-safe if the policy is shared.
	 */
	public ExponentialBackoffRetryPolicy(Settings settings, RandomGenerator random) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.random = Objects.requireNonNull(random, "random");
	}

	@Override
	public Optional<Duration> nextDelay(int attemptNumber, @Nullable Duration retryAfter) {
		if (attemptNumber >= this.settings.maxAttempts()) {
			return Optional.empty();
		}
		double maxMillis = this.settings.maxInterval().toMillis();
		double millis = Math.min(this.settings.initialInterval().toMillis()
				* Math.pow(this.settings.multiplier(), Math.max(0, attemptNumber - 1)), maxMillis);
		double jitter = this.settings.jitter();
		if (jitter > 0) {
			RandomGenerator generator = (this.random != null) ? this.random : ThreadLocalRandom.current();
			millis *= 1 + generator.nextDouble(-jitter, jitter);
		}
		// no second cap: it would pile capped delays up just below maxInterval, the synchronised retries jitter avoids
		Duration delay = Duration.ofMillis(Math.round(millis));
		if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
			delay = (retryAfter.compareTo(this.settings.maxInterval()) > 0) ? this.settings.maxInterval() : retryAfter;
		}
		return Optional.of(delay);
	}

	@Override
	public int maxAttempts() {
		return this.settings.maxAttempts();
	}

	public Settings settings() {
		return this.settings;
	}

	/**
	 * How {@link ExponentialBackoffRetryPolicy} spaces attempts.
	 *
	 * @param maxAttempts how many attempts a delivery gets in all, at least 1
	 * @param initialInterval the delay after the first attempt
	 * @param multiplier how much each delay grows over the previous one, at least 1
	 * @param maxInterval the longest delay before jitter spreads it, and the longest {@code Retry-After} honoured
	 * @param jitter the random spread of each delay, e.g. {@code 0.2} for ±20%; from 0 (none) to below 1
	 */
	public record Settings(int maxAttempts, Duration initialInterval, double multiplier, Duration maxInterval,
			double jitter) {

		public Settings {
			Objects.requireNonNull(initialInterval, "initialInterval");
			Objects.requireNonNull(maxInterval, "maxInterval");
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("maxAttempts must be at least 1, but is " + maxAttempts);
			}
			if (initialInterval.isNegative() || initialInterval.isZero()) {
				throw new IllegalArgumentException("initialInterval must be positive, but is " + initialInterval);
			}
			if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
				throw new IllegalArgumentException("multiplier must be at least 1.0, but is " + multiplier);
			}
			if (maxInterval.compareTo(initialInterval) < 0) {
				throw new IllegalArgumentException("maxInterval (" + maxInterval
						+ ") must not be shorter than initialInterval (" + initialInterval + ")");
			}
			if (!(jitter >= 0.0 && jitter < 1.0)) {
				throw new IllegalArgumentException("jitter must be from 0 to below 1 (e.g. 0.2 for ±20%), but is "
						+ jitter);
			}
		}

		/** 8 attempts, 5s initial interval, multiplier 8, at most 10h apart, ±20% jitter. */
		public static Settings defaults() {
			return new Settings(8, Duration.ofSeconds(5), 8.0, Duration.ofHours(10), 0.2);
		}

		public Settings withMaxAttempts(int maxAttempts) {
			return new Settings(maxAttempts, this.initialInterval, this.multiplier, this.maxInterval, this.jitter);
		}

		public Settings withInitialInterval(Duration initialInterval) {
			return new Settings(this.maxAttempts, initialInterval, this.multiplier, this.maxInterval, this.jitter);
		}

		public Settings withMultiplier(double multiplier) {
			return new Settings(this.maxAttempts, this.initialInterval, multiplier, this.maxInterval, this.jitter);
		}

		public Settings withMaxInterval(Duration maxInterval) {
			return new Settings(this.maxAttempts, this.initialInterval, this.multiplier, maxInterval, this.jitter);
		}

		public Settings withJitter(double jitter) {
			return new Settings(this.maxAttempts, this.initialInterval, this.multiplier, this.maxInterval, jitter);
		}

	}

}
