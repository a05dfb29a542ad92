package dev.webhooks.capture;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The work captured in one business transaction, kept until it completes: items are collected per {@link Batch},
 * and each batch is handled once, just before the commit (on the transaction's connection, so rows commit or roll
 * back with the change) and once after it (never after a rollback).
 */
public interface TransactionBuffer {

	/** Adds items to the batch; without a transaction the batch is handled at once. */
	<T> void add(Batch<T> batch, List<? extends T> items);

	/**
	 * What happens to the items of a transaction. Implementations are long-lived and used as keys: one instance per
	 * kind of item.
	 */
	interface Batch<T> {

		/**
		 * Runs on the transaction's connection just before it commits; an exception rolls the transaction back.
		 */
		default void beforeCommit(Connection connection, List<T> items) throws SQLException {
		}

		/** Runs on the committing thread once the transaction committed; it must return quickly. */
		default void afterCommit(List<T> items) {
		}

	}

}
