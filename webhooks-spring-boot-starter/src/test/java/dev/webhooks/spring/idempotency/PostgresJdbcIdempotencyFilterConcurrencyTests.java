package dev.webhooks.spring.idempotency;

import dev.webhooks.testing.TestDatabase;

class PostgresJdbcIdempotencyFilterConcurrencyTests extends JdbcIdempotencyFilterConcurrencyTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
