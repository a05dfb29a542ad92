package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class MariaDbHookReplayIntegrationTests extends AbstractHookReplayIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.MARIADB;
	}

}
