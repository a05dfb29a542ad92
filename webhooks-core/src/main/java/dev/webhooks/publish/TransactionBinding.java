package dev.webhooks.publish;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How the publisher joins the caller's transaction. The Spring Boot starter binds to Spring's transaction
 * management; {@link DataSourceTransactionBinding} works without it.
 */
public interface TransactionBinding {

	/**
	 * Runs the work on the connection of the current transaction, or on a connection of its own that commits at
	 * once when no transaction is active.
	 */
	<T> T withConnection(ConnectionWork<T> work);

	/** Runs the action after the current transaction commits (never after a rollback), or at once without one. */
	void afterCommit(Runnable action);

	@FunctionalInterface
	interface ConnectionWork<T> {

		T run(Connection connection) throws SQLException;

	}

}
