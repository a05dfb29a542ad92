package dev.webhooks.delivery;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The outbox. Writes happen in the caller's transaction; claims are safe from many dispatchers on one database, and
 * no database lock is held between a claim and its completion.
 */
public interface DeliveryStore {

	/**
	 * The next attempt time of the pending deliveries of a disabled target: they are kept, but no dispatcher claims
	 * them until the target is enabled again.
	 */
	Instant PARKED_UNTIL = Instant.parse("9999-01-01T00:00:00Z");

	/**
	 * Writes deliveries with the given connection, so that they commit or roll back with the caller's transaction.
	 * The connection is neither committed nor closed. A delivery with a {@link NewDelivery#failure() failure} is
	 * written as {@code FAILED}, finished at its creation time, with the failure as its last error.
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

	/**
	 * Puts the selected {@code FAILED} and {@code CANCELLED} deliveries (only those of the selection's status when it
	 * names one of the two) back to {@code PENDING}, due now, with a fresh attempt budget. Returns how many.
	 */
	int retry(DeliverySelection selection, Instant now);

	/** Makes the selected {@code PENDING} deliveries due now. Returns how many were waiting for a later time. */
	int sendNow(DeliverySelection selection, Instant now);

	/** Moves the selected {@code PENDING} deliveries to {@code CANCELLED}. Returns how many. */
	int cancel(DeliverySelection selection, Instant now);

	/**
	 * Counts deliveries per status; every status is present.
	 * @param createdSince only deliveries created at or after this time, or {@code null} for all
	 */
	Map<DeliveryStatus, Long> countByStatus(@Nullable Instant createdSince);

	/**
	 * Deletes up to {@code limit} finished deliveries completed before the given time, with their attempts, in one
	 * short transaction. Call it again until it returns less than {@code limit}. Returns how many were deleted.
	 */
	int purgeFinished(Instant completedBefore, int limit);

	/**
	 * Counts by status, the oldest unsent delivery and the targets whose deliveries failed since the given time.
	 * @param failingSince only failures at or after this time make a target failing
	 * @param maxFailingTargets the most failing targets to list
	 */
	OutboxStats stats(Instant failingSince, int maxFailingTargets);

	/**
	 * Records the result of an attempt for its target: a failure starts the target's failing period unless one is
	 * running, a success ends it. Call it on changes only; it writes.
	 */
	void recordTargetAttempt(String target, boolean succeeded, Instant at);

	/**
	 * Disables the targets that have been failing since before {@code failingBefore} and are not disabled yet, and
	 * returns them.
	 */
	List<String> disableFailingTargets(Instant failingBefore, Instant now);

	/**
	 * Parks the {@code PENDING} deliveries of disabled targets (their next attempt becomes {@link #PARKED_UNTIL}), so
	 * they are kept but not sent. Returns how many were parked.
	 */
	int parkDisabledTargets(Instant now);

	/** The disabled targets, each with when it was disabled. */
	Map<String, Instant> disabledTargets();

	/**
	 * Enables a disabled target again: it is no longer failing, and its parked deliveries are due now. Returns how
	 * many deliveries became due, or {@code -1} when the target was not disabled.
	 */
	int enableTarget(String target, Instant now);

	/**
	 * A page of deliveries matching the search, newest first ({@code createdAt} then {@code id}, both descending),
	 * starting after the search's keyset position.
	 * @throws UnsupportedOperationException when the store cannot list pages
	 */
	default List<Delivery> search(DeliverySearch search) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot search deliveries");
	}

	/**
	 * Counts the deliveries created per minute since the given time, oldest minute first; minutes without any are
	 * left out.
	 * @throws UnsupportedOperationException when the store cannot count per minute
	 */
	default List<DeliveriesPerMinute> countPerMinute(Instant createdSince) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot count deliveries per minute");
	}

	/**
	 * Puts the selected finished deliveries ({@code SUCCEEDED}, {@code FAILED} and {@code CANCELLED}; only those of
	 * the selection's status when it names one) back to {@code PENDING}, due now, with a fresh attempt budget: they
	 * are sent again with their original message id. Returns how many.
	 * @throws UnsupportedOperationException when the store cannot replay
	 */
	default int replay(DeliverySelection selection, Instant now) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot replay deliveries");
	}

}
