package dev.webhooks.dispatch;

import dev.webhooks.testing.TestDatabase;

/** Targets apart from each other on the outbox in PostgreSQL. */
class PostgresTargetLanesDatabaseTests extends AbstractTargetLanesDatabaseTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
