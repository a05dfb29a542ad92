package dev.webhooks.spring.idempotency;

import dev.webhooks.testing.TestDatabase;

class H2JdbcIdempotencyFilterConcurrencyTests extends JdbcIdempotencyFilterConcurrencyTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
