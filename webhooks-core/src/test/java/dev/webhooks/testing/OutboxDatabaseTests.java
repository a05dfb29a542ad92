package dev.webhooks.testing;

import javax.sql.DataSource;

import dev.webhooks.delivery.jdbc.JdbcDeliveryStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the tests that run against the outbox of one database: a fresh migrated schema per test class, its pool
 * and a {@link JdbcDeliveryStore} on it, dropped after the class. Subclasses name the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OutboxDatabaseTests {

	protected TestDatabase database;

	protected DataSource dataSource;

	protected JdbcDeliveryStore store;

	/** The database this subclass runs on. */
	protected abstract TestDatabase.Kind kind();

	@BeforeAll
	void createDatabase() {
		this.database = TestDatabase.createWithSchema(kind());
		this.dataSource = this.database.dataSource();
		this.store = new JdbcDeliveryStore(this.dataSource, JsonMapper.builder().build());
	}

	@AfterAll
	void dropDatabase() {
		if (this.database != null) {
			this.database.close();
		}
	}

}
