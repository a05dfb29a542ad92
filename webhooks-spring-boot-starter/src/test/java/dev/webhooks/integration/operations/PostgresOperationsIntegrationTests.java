package dev.webhooks.integration.operations;

import dev.webhooks.testing.TestDatabase;

class PostgresOperationsIntegrationTests extends AbstractOperationsIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
