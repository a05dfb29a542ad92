package dev.webhooks.admin.integration;

import dev.webhooks.testing.TestDatabase;

class H2AdminTargetsIntegrationTests extends AbstractAdminTargetsIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
