package dev.webhooks.idempotency;

import java.time.Duration;

/**
 * How long keys live and which responses complete them.
 *
 * @param retention how long a completed key is remembered (and replayed)
 * @param lockTimeout how long an unfinished request blocks its key; after that a crashed instance's claim is taken
 * over
 * @param storedStatuses the statuses that complete a key; others release it
 */
public record IdempotencyPolicy(Duration retention, Duration lockTimeout, StoredStatuses storedStatuses) {

	public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

	public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(1);

	public IdempotencyPolicy {
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("The retention must be positive, not " + retention);
		}
		if (lockTimeout.isNegative() || lockTimeout.isZero()) {
			throw new IllegalArgumentException("The lock timeout must be positive, not " + lockTimeout);
		}
	}

	/** 24 hours of retention, a one-minute lock timeout, 2xx and 4xx stored. */
	public static IdempotencyPolicy defaults() {
		return new IdempotencyPolicy(DEFAULT_RETENTION, DEFAULT_LOCK_TIMEOUT, StoredStatuses.defaults());
	}

	public IdempotencyPolicy withRetention(Duration retention) {
		return new IdempotencyPolicy(retention, this.lockTimeout, this.storedStatuses);
	}

}
