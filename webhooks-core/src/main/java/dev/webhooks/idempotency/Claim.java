package dev.webhooks.idempotency;

/**
 * The outcome of {@link IdempotencyStore#claim}: the key is now the caller's, or someone used it first.
 */
public sealed interface Claim {

	/** The key was free (or its record stale) and now belongs to the caller, who must complete or release it. */
	record Acquired(IdempotencyRecord record) implements Claim {

		public String owner() {
			return this.record.owner();
		}

	}

	/** The key is held by a live record: running, or completed and not yet expired. */
	record Existing(IdempotencyRecord record) implements Claim {

	}

}
