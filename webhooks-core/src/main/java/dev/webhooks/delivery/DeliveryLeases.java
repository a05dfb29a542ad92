package dev.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

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
	 * Records each attempt and moves each delivery to its next status, in one transaction. An outcome whose lease
	 * owner no longer holds the delivery is dropped, so a dispatcher whose lease expired cannot overwrite a newer
	 * attempt. Returns how many deliveries were updated.
	 */
	int complete(List<DeliveryOutcome> outcomes, Instant now);

	/** Gives deliveries claimed by this owner back as {@code PENDING}, due now, without counting the attempt. */
	int release(String leaseOwner, Collection<String> deliveryIds, Instant now);

}
