package dev.webhooks.autoconfigure;

import java.time.Duration;

/**
 * Settings under {@code webhooks.retry.*}: when a failed attempt is tried again.
 */
public class RetryProperties {

	/**
	 * Attempts a delivery gets in all before it fails.
	 */
	private int maxAttempts = 8;

	/**
	 * Delay before the second attempt.
	 */
	private Duration initialInterval = Duration.ofSeconds(5);

	/**
	 * Factor by which each further delay grows.
	 */
	private double multiplier = 8.0;

	/**
	 * Longest delay between two attempts before the jitter spreads it both ways, and longest Retry-After the
	 * target may ask for.
	 */
	private Duration maxInterval = Duration.ofHours(10);

	/**
	 * Random spread applied to each delay, as a fraction (0.2 = plus or minus 20%).
	 */
	private double jitter = 0.2;

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getInitialInterval() {
		return this.initialInterval;
	}

	public void setInitialInterval(Duration initialInterval) {
		this.initialInterval = initialInterval;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public Duration getMaxInterval() {
		return this.maxInterval;
	}

	public void setMaxInterval(Duration maxInterval) {
		this.maxInterval = maxInterval;
	}

	public double getJitter() {
		return this.jitter;
	}

	public void setJitter(double jitter) {
		this.jitter = jitter;
	}

}
