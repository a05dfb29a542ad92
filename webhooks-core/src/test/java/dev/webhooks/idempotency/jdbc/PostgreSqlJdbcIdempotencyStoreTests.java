package dev.webhooks.idempotency.jdbc;

import dev.webhooks.testing.TestDatabase;

class PostgreSqlJdbcIdempotencyStoreTests extends JdbcIdempotencyStoreContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
