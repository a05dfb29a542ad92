package dev.webhooks.integration.sources;

import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.jdbc.JdbcIdempotencyStore;
import dev.webhooks.testing.TestDatabase;

class PostgresInboundSourceTests extends AbstractInboundSourceTests {

	private TestDatabase database;

	@Override
	protected void prepare() {
		this.database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
	}

	@Override
	protected String[] storeProperties() {
		return this.database.springProperties();
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
