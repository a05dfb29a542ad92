package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class PostgresCapturePipelineIntegrationTests extends AbstractCapturePipelineIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
