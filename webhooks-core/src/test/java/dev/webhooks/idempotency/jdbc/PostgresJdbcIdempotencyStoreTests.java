package dev.webhooks.idempotency.jdbc;

import dev.webhooks.testing.TestDatabase;

class PostgresJdbcIdempotencyStoreTests extends JdbcIdempotencyStoreContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
