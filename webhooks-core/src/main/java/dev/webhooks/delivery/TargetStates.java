package dev.webhooks.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Whether each target is failing, and since when; a target failing for too long is disabled and its pending
 * deliveries are parked until it is enabled again.
 */
public interface TargetStates {

	/**
	 * The next attempt time of the pending deliveries of a disabled target: they are kept, but no dispatcher claims
	 * them until the target is enabled again.
	 */
	Instant PARKED_UNTIL = Instant.parse("9999-01-01T00:00:00Z");

	/**
	 * Records the latest attempt of each target, idempotently and in one transaction: a failure starts the target's
	 * failing period unless one is running, a success ends it. Writing the same result twice changes nothing, so
	 * several dispatchers may record the same target at once.
	 * @param succeeded whether the latest attempt of each target succeeded
	 */
	void recordAttempts(Map<Target, Boolean> succeeded, Instant at);

	/**
	 * Disables the targets that have been failing since before {@code failingBefore} and are not disabled yet, and
	 * returns them.
	 */
	List<Target> disableFailingTargets(Instant failingBefore, Instant now);

	/**
	 * Disables one target at once, whatever its failing period, and parks its {@code PENDING} deliveries; used when
	 * the target answered 410 Gone. Idempotent: several dispatchers may disable the same target.
	 * @return whether the target was enabled until now
	 */
	boolean disableTarget(Target target, Instant now);

	/**
	 * Parks the {@code PENDING} deliveries of disabled targets (their next attempt becomes {@link #PARKED_UNTIL}), so
	 * they are kept but not sent. Returns how many were parked.
	 */
	int parkDisabledTargets(Instant now);

	/** The disabled targets, each with when it was disabled. */
	Map<Target, Instant> disabledTargets();

	/**
	 * Enables a disabled target again: it is no longer failing, and its parked deliveries are due now. Returns how
	 * many deliveries became due, or {@code -1} when the target was not disabled.
	 */
	int enableTarget(Target target, Instant now);

}
