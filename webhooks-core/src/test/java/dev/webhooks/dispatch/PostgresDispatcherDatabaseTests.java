package dev.webhooks.dispatch;

import dev.webhooks.testing.TestDatabase;

/** The dispatcher on the outbox in PostgreSQL. */
class PostgresDispatcherDatabaseTests extends AbstractDispatcherDatabaseTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
