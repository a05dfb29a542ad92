package dev.webhooks.integration.sources;

import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.jdbc.JdbcIdempotencyStore;
import dev.webhooks.testing.TestDatabase;

class H2InboundSourceTests extends AbstractInboundSourceTests {

	private TestDatabase database;

	@Override
	protected void prepare() {
		this.database = TestDatabase.create(TestDatabase.Kind.H2);
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
