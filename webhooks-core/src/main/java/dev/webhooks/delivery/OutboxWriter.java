package dev.webhooks.delivery;

import java.sql.Connection;
import java.util.List;

/**
 * Writes new deliveries to the outbox in the caller's transaction, so that they commit or roll back with the change
 * they announce.
 */
@FunctionalInterface
public interface OutboxWriter {

	/**
	 * Writes deliveries with the given connection. The connection is neither committed nor closed. A delivery with a
	 * {@link NewDelivery#failure() failure} is written as {@code FAILED}, finished at its creation time, with the
	 * failure as its last error.
	 */
	void insert(Connection connection, List<NewDelivery> deliveries);

}
