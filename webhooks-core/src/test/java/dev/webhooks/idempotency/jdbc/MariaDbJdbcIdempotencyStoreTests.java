package dev.webhooks.idempotency.jdbc;

import dev.webhooks.testing.TestDatabase;

class MariaDbJdbcIdempotencyStoreTests extends JdbcIdempotencyStoreContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.MARIADB;
	}

}
