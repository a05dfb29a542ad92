package dev.webhooks.dispatch;

/**
 * What one target may take from a dispatcher: requests in flight at once and, optionally, requests per second.
 *
 * @param maxConcurrency the most requests in flight to the target at once, from one dispatcher
 * @param ratePerSecond the most requests started per second (a token bucket), or 0 for no limit
 * @param burst the requests that may start at once after a quiet spell, when rate limited: the bucket's size
 */
public record TargetLimits(int maxConcurrency, double ratePerSecond, int burst) {

	/** No per-target limit: as many requests as the dispatcher has workers. */
	public static final TargetLimits UNLIMITED = new TargetLimits(Integer.MAX_VALUE, 0, 1);

	public TargetLimits {
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("maxConcurrency must be at least 1, but is " + maxConcurrency);
		}
		if (ratePerSecond < 0 || Double.isNaN(ratePerSecond) || Double.isInfinite(ratePerSecond)) {
			throw new IllegalArgumentException("ratePerSecond must be 0 (no limit) or positive, but is "
					+ ratePerSecond);
		}
		if (burst < 1) {
			throw new IllegalArgumentException("burst must be at least 1, but is " + burst);
		}
	}

	/** At most {@code maxConcurrency} requests in flight, no rate limit. */
	public static TargetLimits concurrency(int maxConcurrency) {
		return new TargetLimits(maxConcurrency, 0, 1);
	}

	/** Whether requests per second are limited. */
	public boolean rateLimited() {
		return this.ratePerSecond > 0;
	}

	public TargetLimits withMaxConcurrency(int maxConcurrency) {
		return new TargetLimits(maxConcurrency, this.ratePerSecond, this.burst);
	}

	/** A rate limit of {@code ratePerSecond} with a bucket of {@code burst}; 0 removes the limit. */
	public TargetLimits withRate(double ratePerSecond, int burst) {
		return new TargetLimits(this.maxConcurrency, ratePerSecond, burst);
	}

}
