package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class PostgresHooksIntegrationTests extends AbstractHooksIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
