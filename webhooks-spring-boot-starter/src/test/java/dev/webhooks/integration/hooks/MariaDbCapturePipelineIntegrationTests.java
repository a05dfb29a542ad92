package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class MariaDbCapturePipelineIntegrationTests extends AbstractCapturePipelineIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.MARIADB;
	}

}
