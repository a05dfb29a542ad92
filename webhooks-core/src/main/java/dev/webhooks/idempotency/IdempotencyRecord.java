package dev.webhooks.idempotency;

import java.io.Serializable;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a store holds for one key: the request it was first used with, who holds it while it runs, and, once
 * completed, the response to replay.
 *
 * @param key the (scoped) key
 * @param fingerprint the fingerprint of the request that claimed the key
 * @param owner an opaque token identifying the claim; only its holder may complete or release it
 * @param lockedUntil when an unfinished claim stops blocking the key (its holder is presumed dead)
 * @param expiresAt when the record is forgotten
 * @param response the stored response, or {@code null} while the first request is still running
 */
public record IdempotencyRecord(String key, String fingerprint, String owner, Instant lockedUntil, Instant expiresAt,
		@Nullable StoredResponse response) implements Serializable {

	public boolean completed() {
		return this.response != null;
	}

	/** Whether the record no longer counts at {@code now}: expired, or an abandoned claim past its lock timeout. */
	public boolean staleAt(Instant now) {
		return !now.isBefore(this.expiresAt) || (this.response == null && !now.isBefore(this.lockedUntil));
	}

	IdempotencyRecord completedWith(StoredResponse response, Instant expiresAt) {
		return new IdempotencyRecord(this.key, this.fingerprint, this.owner, this.lockedUntil, expiresAt, response);
	}

}
