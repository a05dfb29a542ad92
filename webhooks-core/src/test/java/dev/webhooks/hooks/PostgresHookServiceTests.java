package dev.webhooks.hooks;

import dev.webhooks.testing.TestDatabase;

class PostgresHookServiceTests extends AbstractHookServiceContractTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
