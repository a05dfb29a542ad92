package dev.webhooks.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** Reads of the outbox for operators: the admin pages, the operations and the metrics. */
public interface DeliveryQueries {

	Optional<Delivery> find(String id);

	/** The attempts of a delivery in the order they were made; a retried delivery numbers its attempts from 1 again. */
	List<DeliveryAttempt> attempts(String deliveryId);

	/**
	 * A page of deliveries matching the search, newest first ({@code createdAt} then {@code id}, both descending),
	 * starting after the search's keyset position.
	 */
	List<Delivery> search(DeliverySearch search);

	/**
	 * Counts deliveries per status; every status is present.
	 * @param createdFrom only deliveries created at or after this time, or {@code null} for all
	 */
	Map<DeliveryStatus, Long> countByStatus(@Nullable Instant createdFrom);

	/**
	 * Counts the deliveries created per minute from the given time on, oldest minute first; minutes without any are
	 * left out.
	 */
	List<DeliveriesPerMinute> countPerMinute(Instant createdFrom);

	/**
	 * Counts by status, the oldest unsent delivery and the targets whose deliveries failed since the given time.
	 * @param failingSince only failures at or after this time make a target failing
	 * @param maxFailingTargets the most failing targets to list
	 */
	OutboxStats stats(Instant failingSince, int maxFailingTargets);

}
