package dev.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leases a dispatcher takes on due deliveries. Claims are safe from many dispatchers on one database, and no
 * database lock is held between a claim and its completion: a claim is a lease, and only its owner may complete or
 * release it.
 */
public interface DeliveryLeases {

	/**
	 * Claims up to {@code limit} deliveries that are due: {@code PENDING} with {@code nextAttemptAt <= now}, or
	 * {@code IN_FLIGHT} with an expired lease. Each is set {@code IN_FLIGHT} with the lease and its attempt count
	 * raised by one, in a short transaction of its own. Oldest due first.
	 */
	List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit);

	/**
	 * Claims like {@link #claim(String, Instant, Duration, int)}, leaving the deliveries of the given targets where
	 * they are: the dispatcher's lanes for them cannot take more now (full, paused or with an open circuit), so a
	 * claim's places go to other targets instead of to deliveries that would only be given back. Stores that cannot
	 * filter may ignore the set: the dispatcher defers what its lanes cannot take either way.
	 */
	default List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit, Set<Target> skipped) {
		return claim(leaseOwner, now, lease, limit);
	}

	/**
	 * Records each attempt and moves each delivery to its next status, in one transaction. An outcome whose lease
	 * owner no longer holds the delivery is dropped, so a dispatcher whose lease expired cannot overwrite a newer
	 * attempt. Returns how many deliveries were updated.
	 */
	int complete(List<DeliveryOutcome> outcomes, Instant now);

	/** Gives deliveries claimed by this owner back as {@code PENDING}, due now, without counting the attempt. */
	int release(String leaseOwner, Collection<String> deliveryIds, Instant now);

	/**
	 * Gives deliveries claimed by this owner back as {@code PENDING}, each due at its own time, without counting the
	 * attempt, in one transaction: their target could not take them now (its lane is full, its circuit open, or it
	 * asked for a pause). Returns how many were given back.
	 */
	int defer(String leaseOwner, Map<String, Instant> dueAtById, Instant now);

	/**
	 * Makes the {@code PENDING} deliveries of a target that are due before {@code dueAt} due at {@code dueAt}
	 * instead, so that claims stop taking them while the target cannot: its lane is full, its circuit open, or it
	 * asked for a pause. Claimed deliveries are left alone; no attempt is counted. Returns how many moved.
	 */
	int deferTarget(Target target, Instant dueAt, Instant now);

	/**
	 * Which of the given deliveries are still {@code IN_FLIGHT} under the given lease owner: a claim that was handed
	 * on (to a queue, say) and may meanwhile have been completed, or claimed again after its lease ran out, is only
	 * worth sending while it is. Stores that cannot tell answer every id.
	 */
	default Set<String> held(Map<String, String> leaseOwnerById) {
		return leaseOwnerById.keySet();
	}

}
