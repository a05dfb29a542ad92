package dev.webhooks.hooks;

import dev.webhooks.testing.TestDatabase;

class MariaDbHookServiceTests extends AbstractHookServiceContractTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.MARIADB;
	}

}
