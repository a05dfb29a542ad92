package dev.webhooks.hooks;

import dev.webhooks.testing.TestDatabase;

class PostgresHookReplayTests extends AbstractHookReplayContractTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
