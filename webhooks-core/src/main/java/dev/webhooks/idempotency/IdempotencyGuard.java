package dev.webhooks.idempotency;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides what a request with an idempotency key gets: run it ({@link Proceed}), replay the stored response
 * ({@link Replay}), refuse it while the first request still runs ({@link InFlight}), or refuse a different request
 * reusing the key ({@link Mismatch}). Web-framework free: the servlet filter and the webhook receiver both use it.
 */
public final class IdempotencyGuard {

	private final IdempotencyStore store;

	private final IdempotencyPolicy policy;

	public IdempotencyGuard(IdempotencyStore store, IdempotencyPolicy policy) {
		this.store = store;
		this.policy = policy;
	}

	public IdempotencyStore store() {
		return this.store;
	}

	public IdempotencyPolicy policy() {
		return this.policy;
	}

	/**
	 * Claims {@code key} for a request with {@code fingerprint}, or tells why the request must not run.
	 * @param key the (already scoped) key
	 * @param fingerprint what identifies the request, e.g. {@link RequestFingerprint#of}
	 */
	public Decision begin(String key, String fingerprint) {
		Claim claim = this.store.claim(key, fingerprint, this.policy.lockTimeout(), this.policy.retention());
		if (claim instanceof Claim.Acquired acquired) {
			return new Proceed(this.store, this.policy, acquired.record());
		}
		IdempotencyRecord existing = ((Claim.Existing) claim).record();
		if (!existing.fingerprint().equals(fingerprint)) {
			return new Mismatch(existing);
		}
		StoredResponse response = existing.response();
		return (response != null) ? new Replay(existing, response) : new InFlight(existing);
	}

	/** What to do with a request. */
	public sealed interface Decision {

	}

	/**
	 * The key is the caller's: run the request, then {@link #complete} it with its response, or {@link #release} it
	 * when it failed (in a {@code finally}: releasing after completing does nothing).
	 */
	public static final class Proceed implements Decision {

		private final IdempotencyStore store;

		private final IdempotencyPolicy policy;

		private final IdempotencyRecord record;

		private final AtomicBoolean finished = new AtomicBoolean();

		Proceed(IdempotencyStore store, IdempotencyPolicy policy, IdempotencyRecord record) {
			this.store = store;
			this.policy = policy;
			this.record = record;
		}

		public IdempotencyRecord record() {
			return this.record;
		}

		/**
		 * Stores {@code response} for replay when its status is one the policy keeps, else releases the key so the
		 * client may retry.
		 * @return whether the response was stored
		 */
		public boolean complete(StoredResponse response) {
			if (!this.finished.compareAndSet(false, true)) {
				return false;
			}
			if (this.policy.storedStatuses().test(response.status())) {
				return this.store.complete(this.record.key(), this.record.owner(), response, this.policy.retention());
			}
			this.store.release(this.record.key(), this.record.owner());
			return false;
		}

		/** Frees the key without storing anything, so a retry runs again. */
		public void release() {
			if (this.finished.compareAndSet(false, true)) {
				this.store.release(this.record.key(), this.record.owner());
			}
		}

	}

	/** The same request completed before: answer with its stored response. */
	public record Replay(IdempotencyRecord record, StoredResponse response) implements Decision {

	}

	/** The same key is held by a request still running (409 by default). */
	public record InFlight(IdempotencyRecord record) implements Decision {

	}

	/** The key was first used with a different request (422). */
	public record Mismatch(IdempotencyRecord record) implements Decision {

	}

}
