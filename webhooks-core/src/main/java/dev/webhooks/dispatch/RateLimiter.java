package dev.webhooks.dispatch;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, up to {@code burst} saved. A request takes one token. Times
 * are {@link System#nanoTime()} values, passed in so that tests can drive it. Not thread-safe: its lane guards it.
 */
final class RateLimiter {

	private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

	private final double tokensPerNano;

	private final double capacity;

	private double tokens;

	private long refilledAt;

	RateLimiter(double ratePerSecond, int burst, long nowNanos) {
		if (ratePerSecond <= 0) {
			throw new IllegalArgumentException("ratePerSecond must be positive, but is " + ratePerSecond);
		}
		this.tokensPerNano = ratePerSecond / NANOS_PER_SECOND;
		this.capacity = Math.max(1, burst);
		// start with one token, not a full bucket: a restart must not let a burst through on top of the last one
		this.tokens = 1;
		this.refilledAt = nowNanos;
	}

	/** Takes a token if one is there. */
	boolean tryAcquire(long nowNanos) {
		refill(nowNanos);
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return true;
		}
		return false;
	}

	/** How long until a token is there, 0 if one is there now. */
	long nanosUntilToken(long nowNanos) {
		refill(nowNanos);
		return (this.tokens >= 1) ? 0 : (long) Math.ceil((1 - this.tokens) / this.tokensPerNano);
	}

	private void refill(long nowNanos) {
		long elapsed = nowNanos - this.refilledAt;
		if (elapsed > 0) {
			this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.tokensPerNano);
			this.refilledAt = nowNanos;
		}
	}

}
