package dev.webhooks.hooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.webhooks.signing.SigningKey;

/**
 * Where hooks are kept. Every change also advances a revision, in the same transaction, which instances poll to
 * know when to reload.
 */
public interface HookStore {

	/** Every hook, sorted by name. */
	List<Hook> findAll();

	Optional<Hook> findById(String id);

	Optional<Hook> findByName(String name);

	/**
	 * Stores a new hook.
	 * @param secret the hook's secret in full
	 * @throws InvalidHookException when the name is taken
	 */
	void insert(Hook hook, String secret);

	/**
	 * Replaces a hook's definition, enabled flag and signature versions; the secret and creation time stay, and so
	 * does the signing key if the hook has one already (otherwise the hook's is stored).
	 * @return whether the hook existed
	 * @throws InvalidHookException when the new name is taken
	 */
	boolean update(Hook hook);

	/** Replaces the secret at once, keeping no previous one. @return whether the hook existed */
	boolean updateSecret(String id, String secret, Instant updatedAt);

	/**
	 * Replaces the hook's secret (for a {@link dev.webhooks.signing.WebhookSecret}) or signing key (for an
	 * {@link dev.webhooks.signing.Ed25519SigningKey}) and keeps the old one as a {@link PreviousKey} until
	 * {@code previousExpiresAt}, unless that is not after {@code now}; previous keys expired at {@code now} are
	 * dropped. Atomic: two rotations at once both keep their old key.
	 * @return whether the hook existed
	 */
	boolean rotateKey(String id, SigningKey newKey, Instant previousExpiresAt, Instant now);

	/** @return whether the hook existed */
	boolean setEnabled(String id, boolean enabled, Instant updatedAt);

	/** @return whether the hook existed */
	boolean delete(String id);

	/** The current revision: it changes whenever any hook changes. Cheap: polled every few seconds. */
	long revision();

}
