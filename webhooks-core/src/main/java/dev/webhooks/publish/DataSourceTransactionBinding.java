package dev.webhooks.publish;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.webhooks.jdbc.JdbcTransactions;

/**
 * A {@link TransactionBinding} without a transaction manager: each publish commits on its own connection.
 */
public final class DataSourceTransactionBinding implements TransactionBinding {

	private final DataSource dataSource;

	public DataSourceTransactionBinding(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public <T> T withConnection(ConnectionWork<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			return JdbcTransactions.inTransaction(connection, work::run);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not write to the outbox: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void afterCommit(Runnable action) {
		action.run();
	}

}
