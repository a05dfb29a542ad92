package dev.webhooks.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in one transaction on a connection the caller obtained: auto-commit is turned off for the work, the
 * work commits or rolls back as a whole, and the connection's auto-commit is restored afterwards. The JDBC stores
 * share it, so none writes its own commit and rollback handling.
 * <p>
 * Example: {@code try (Connection c = dataSource.getConnection()) { return JdbcTransactions.inTransaction(c,
 * (connection) -> insertAll(connection)); }}.
 */
public final class JdbcTransactions {

	private JdbcTransactions() {
	}

	/**
	 * Runs the work in a transaction on the given connection. A connection already in a transaction (auto-commit
	 * off) is committed or rolled back at the end of the work too.
	 * @throws SQLException what the work or the commit threw, with a failed rollback's error added as suppressed
	 */
	public static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		if (autoCommit) {
			connection.setAutoCommit(false);
		}
		try {
			T result = work.run(connection);
			connection.commit();
			return result;
		}
		catch (SQLException | RuntimeException ex) {
			rollback(connection, ex);
			throw ex;
		}
		finally {
			if (autoCommit) {
				connection.setAutoCommit(true);
			}
		}
	}

	private static void rollback(Connection connection, Exception failure) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			failure.addSuppressed(ex);
		}
	}

	/**
	 * Work on a connection.
	 * @param <T> the result
	 */
	@FunctionalInterface
	public interface Work<T> {

		T run(Connection connection) throws SQLException;

	}

}
