package dev.webhooks.dispatch;

import dev.webhooks.testing.TestDatabase;

/** The dispatcher on the outbox in MariaDB. */
class MariaDbDispatcherDatabaseTests extends AbstractDispatcherDatabaseTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.MARIADB;
	}

}
