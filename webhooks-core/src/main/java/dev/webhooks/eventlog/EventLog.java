package dev.webhooks.eventlog;

import java.sql.Connection;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where logged events are kept: appended in the business transaction, read a page at a time oldest first, and
 * deleted once expired.
 */
public interface EventLog {

	/** Writes events on the caller's connection, in its transaction. */
	void append(Connection connection, List<LoggedEvent> events);

	/**
	 * One page of an entity type's events, oldest first (by time, then sequence), on the caller's connection.
	 * @param events the event names to read ({@code created}, a custom event name...)
	 * @param from the first time read (inclusive)
	 * @param until the time where reading stops (exclusive)
	 * @param after the last event of the previous page; {@code null} for the first page
	 * @param limit the most events returned
	 */
	List<LoggedEvent> page(Connection connection, String entityType, Collection<String> events, Instant from,
			Instant until, @Nullable LoggedEvent after, int limit);

	/**
	 * Deletes at most {@code limit} events that occurred before a time, in one short transaction.
	 * @return how many were deleted
	 */
	int purge(Instant occurredBefore, int limit);

}
