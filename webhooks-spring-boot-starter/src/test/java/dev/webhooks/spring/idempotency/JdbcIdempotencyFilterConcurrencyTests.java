package dev.webhooks.spring.idempotency;

import java.util.ArrayList;
import java.util.List;

import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.jdbc.JdbcIdempotencyStore;
import dev.webhooks.testing.TestDatabase;

/** The concurrency tests on the JDBC store, once per database. */
abstract class JdbcIdempotencyFilterConcurrencyTests extends IdempotencyFilterConcurrencyTests {

	private TestDatabase database;

	protected abstract TestDatabase.Kind kind();

	@Override
	protected void prepare() {
		this.database = TestDatabase.createWithSchema(kind());
	}

	@Override
	protected String[] storeProperties() {
		List<String> properties = new ArrayList<>(List.of(this.database.springProperties()));
		properties.add("webhooks.idempotency.store=jdbc");
		return properties.toArray(new String[0]);
	}

	@Override
	protected Class<? extends IdempotencyStore> expectedStore() {
		return JdbcIdempotencyStore.class;
	}

	@Override
	protected void cleanUp() {
		if (this.database != null) {
			this.database.close();
		}
	}

}
