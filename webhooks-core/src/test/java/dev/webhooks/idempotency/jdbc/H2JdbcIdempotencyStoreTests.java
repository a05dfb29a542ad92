package dev.webhooks.idempotency.jdbc;

import dev.webhooks.testing.TestDatabase;

class H2JdbcIdempotencyStoreTests extends JdbcIdempotencyStoreContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
