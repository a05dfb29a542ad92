package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class PostgresHookReplayIntegrationTests extends AbstractHookReplayIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
