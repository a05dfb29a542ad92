package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class PostgresHookLimitsIntegrationTests extends AbstractHookLimitsIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
