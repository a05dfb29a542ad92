package dev.webhooks.delivery;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The outbox. Writes happen in the caller's transaction; claims are safe from many dispatchers on one database, and
 * no database lock is held between a claim and its completion.
 */
public interface DeliveryStore {

	/**
	 * Writes deliveries with the given connection, so that they commit or roll back with the caller's transaction.
	 * The connection is neither committed nor closed.
	 */
	void insert(Connection connection, List<NewDelivery> deliveries);

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

	Optional<Delivery> find(String id);

	/** The attempts of a delivery in the order they were made; a resent delivery numbers its attempts from 1 again. */
	List<DeliveryAttempt> attempts(String deliveryId);

	/** Deliveries matching the query, newest first. */
	List<Delivery> find(DeliveryQuery query);

	/** Counts deliveries in a status. */
	long count(DeliveryStatus status);

	/**
	 * Puts finished ({@code FAILED} or {@code CANCELLED}) deliveries back to {@code PENDING}, due now, with a fresh
	 * attempt budget. Returns how many were resent.
	 */
	int resend(Collection<String> ids, Instant now);

}
