package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.OutboxException;
import dev.webhooks.jdbc.JdbcTransactions;

/**
 * The connections of one outbox role: each piece of work gets a pooled connection and the database's
 * {@link OutboxDialect}, recognised on first use, and SQL errors become {@link OutboxException}s naming what
 * failed.
 */
final class OutboxConnections {

	private final DataSource dataSource;

	private volatile @Nullable OutboxDialect dialect;

	OutboxConnections(DataSource dataSource) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
	}

	/** Runs work in a transaction on a connection of its own. */
	<T> T inTransaction(String operation, Work<T> work) {
		return inTransaction(operation, (dialect) -> false, work);
	}

	/**
	 * Runs work in a transaction on a connection of its own. Work that is a single statement runs as it is where the
	 * connection auto-commits, saving the round trip of a commit.
	 */
	<T> T inTransaction(String operation, Predicate<OutboxDialect> singleStatement, Work<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			OutboxDialect dialect = dialect(connection);
			if (singleStatement.test(dialect) && connection.getAutoCommit()) {
				return work.run(connection, dialect);
			}
			return JdbcTransactions.inTransaction(connection, (transaction) -> work.run(transaction, dialect));
		}
		catch (SQLException ex) {
			throw failure(operation, ex);
		}
	}

	/** Runs work on a connection of its own, as the connection is (auto-committing statements, with a pool). */
	<T> T withConnection(String operation, Work<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			return work.run(connection, dialect(connection));
		}
		catch (SQLException ex) {
			throw failure(operation, ex);
		}
	}

	OutboxDialect dialect(Connection connection) throws SQLException {
		OutboxDialect dialect = this.dialect;
		if (dialect == null) {
			dialect = OutboxDialect.of(connection);
			this.dialect = dialect;
		}
		return dialect;
	}

	static OutboxException failure(String operation, SQLException ex) {
		return new OutboxException("Could not " + operation + ": " + ex.getMessage(), ex);
	}

	@FunctionalInterface
	interface Work<T> {

		T run(Connection connection, OutboxDialect dialect) throws SQLException;

	}

}
