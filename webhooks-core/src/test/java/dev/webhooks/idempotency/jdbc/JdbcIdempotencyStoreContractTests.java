package dev.webhooks.idempotency.jdbc;

import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.IdempotencyStoreContractTests;
import dev.webhooks.idempotency.MutableClock;
import dev.webhooks.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The store contract on one database, with the tables made by the library's own migrations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcIdempotencyStoreContractTests extends IdempotencyStoreContractTests {

	private TestDatabase database;

	protected abstract TestDatabase.Kind kind();

	@BeforeAll
	void createDatabase() {
		this.database = TestDatabase.createWithSchema(kind());
	}

	@AfterAll
	void dropDatabase() {
		if (this.database != null) {
			this.database.close();
		}
	}

	@Override
	protected IdempotencyStore createStore(MutableClock clock) {
		return new JdbcIdempotencyStore(this.database.dataSource(), clock);
	}

}
