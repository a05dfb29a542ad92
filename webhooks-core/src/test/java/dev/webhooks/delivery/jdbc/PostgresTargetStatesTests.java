package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** The target states contract on PostgreSQL. */
class PostgresTargetStatesTests extends AbstractTargetStatesContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
