package dev.webhooks.hooks;

import dev.webhooks.testing.TestDatabase;

class MariaDbHookReplayTests extends AbstractHookReplayContractTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.MARIADB;
	}

}
