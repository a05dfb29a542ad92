package dev.webhooks.spring.idempotency;

import dev.webhooks.testing.TestDatabase;

class MariaDbJdbcIdempotencyFilterConcurrencyTests extends JdbcIdempotencyFilterConcurrencyTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.MARIADB;
	}

}
