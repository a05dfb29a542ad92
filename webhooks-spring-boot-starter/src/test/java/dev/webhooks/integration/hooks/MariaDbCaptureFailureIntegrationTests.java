package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class MariaDbCaptureFailureIntegrationTests extends AbstractCaptureFailureIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.MARIADB;
	}

}
