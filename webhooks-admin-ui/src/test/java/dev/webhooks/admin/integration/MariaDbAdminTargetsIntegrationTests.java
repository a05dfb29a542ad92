package dev.webhooks.admin.integration;

import dev.webhooks.testing.TestDatabase;

class MariaDbAdminTargetsIntegrationTests extends AbstractAdminTargetsIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.MARIADB;
	}

}
