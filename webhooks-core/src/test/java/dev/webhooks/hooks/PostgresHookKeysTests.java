package dev.webhooks.hooks;

import dev.webhooks.testing.TestDatabase;

class PostgresHookKeysTests extends AbstractHookKeysContractTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
