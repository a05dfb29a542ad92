package dev.webhooks.admin.integration;

import dev.webhooks.testing.TestDatabase;

class PostgresAdminTargetsIntegrationTests extends AbstractAdminTargetsIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
