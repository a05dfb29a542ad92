package dev.webhooks.spring.idempotency;

import dev.webhooks.testing.TestDatabase;

class PostgreSqlJdbcIdempotencyFilterConcurrencyTests extends JdbcIdempotencyFilterConcurrencyTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
