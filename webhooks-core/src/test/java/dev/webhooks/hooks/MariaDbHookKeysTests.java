package dev.webhooks.hooks;

import dev.webhooks.testing.TestDatabase;

class MariaDbHookKeysTests extends AbstractHookKeysContractTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.MARIADB;
	}

}
