package dev.webhooks.hooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
	 * Replaces a hook's definition and enabled flag; the secret and creation time stay.
	 * @return whether the hook existed
	 * @throws InvalidHookException when the new name is taken
	 */
	boolean update(Hook hook);

	/** @return whether the hook existed */
	boolean updateSecret(String id, String secret, Instant updatedAt);

	/** @return whether the hook existed */
	boolean setEnabled(String id, boolean enabled, Instant updatedAt);

	/** @return whether the hook existed */
	boolean delete(String id);

	/** The current revision: it changes whenever any hook changes. Cheap: polled every few seconds. */
	long revision();

}
