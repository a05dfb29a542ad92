package dev.webhooks.spring.transaction;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.webhooks.publish.TransactionBinding;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Uses the connection of the current Spring transaction ({@code DataSourceTransactionManager} or
 * {@code JpaTransactionManager}), and runs after-commit work through a transaction synchronization.
 */
public final class SpringTransactionBinding implements TransactionBinding {

	private final DataSource dataSource;

	public SpringTransactionBinding(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public <T> T withConnection(ConnectionWork<T> work) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			return work.run(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not write to the outbox: " + ex.getMessage(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	@Override
	public void afterCommit(Runnable action) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					action.run();
				}

			});
		}
		else {
			action.run();
		}
	}

}
