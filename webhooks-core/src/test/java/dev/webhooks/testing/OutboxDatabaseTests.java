package dev.webhooks.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.jdbc.JdbcTransactions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the tests that run against the outbox of one database: a fresh migrated schema per test class, its pool
 * and the outbox's JDBC roles on it, dropped after the class. Subclasses name the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OutboxDatabaseTests {

	protected TestDatabase database;

	protected DataSource dataSource;

	protected JdbcOutbox store;

	/** The database this subclass runs on. */
	protected abstract TestDatabase.Kind kind();

	@BeforeAll
	void createDatabase() {
		this.database = TestDatabase.createWithSchema(kind());
		this.dataSource = this.database.dataSource();
		this.store = JdbcOutbox.of(this.dataSource, JsonMapper.builder().build());
	}

	/** Writes deliveries in a transaction of their own, as an application's commit would. */
	protected void write(List<NewDelivery> deliveries) {
		try (Connection connection = this.dataSource.getConnection()) {
			JdbcTransactions.inTransaction(connection, (transaction) -> {
				this.store.writer().insert(transaction, deliveries);
				return null;
			});
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	void dropDatabase() {
		if (this.database != null) {
			this.database.close();
		}
	}

}
