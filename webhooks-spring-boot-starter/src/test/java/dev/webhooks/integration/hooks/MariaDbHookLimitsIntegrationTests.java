package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class MariaDbHookLimitsIntegrationTests extends AbstractHookLimitsIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.MARIADB;
	}

}
