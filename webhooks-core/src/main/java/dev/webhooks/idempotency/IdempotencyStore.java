package dev.webhooks.idempotency;

import java.time.Duration;
import java.util.Optional;

/**
 * Where idempotency records live. Claiming is atomic in the store itself (an insert-if-absent), so two requests
 * with the same key never both acquire it, and unrelated keys never wait on each other.
 * <p>
 * Records past {@link IdempotencyRecord#expiresAt() expiry}, and unfinished claims past their
 * {@link IdempotencyRecord#lockedUntil() lock timeout}, count as absent: a new claim takes them over.
 */
public interface IdempotencyStore {

	/**
	 * Claims {@code key} for a request with {@code fingerprint}, unless a live record holds it.
	 * @param lockTimeout how long the claim blocks the key if it is never completed nor released
	 * @param retention how long the record is kept if it is never completed
	 */
	Claim claim(String key, String fingerprint, Duration lockTimeout, Duration retention);

	/**
	 * Stores the response of a claimed key and keeps the record for {@code retention} from now.
	 * @return whether it was stored; {@code false} when {@code owner} no longer holds the claim (it timed out and was
	 * taken over, or was released)
	 */
	boolean complete(String key, String owner, StoredResponse response, Duration retention);

	/**
	 * Forgets an unfinished claim so the key can be used again, e.g. after the request failed.
	 * @return whether the claim was released; {@code false} when {@code owner} no longer holds it
	 */
	boolean release(String key, String owner);

	/** The live record for {@code key}, if any. */
	Optional<IdempotencyRecord> find(String key);

	/**
	 * Deletes expired records.
	 * @return how many were deleted, {@code 0} for stores whose records expire by themselves
	 */
	int purgeExpired();

}
