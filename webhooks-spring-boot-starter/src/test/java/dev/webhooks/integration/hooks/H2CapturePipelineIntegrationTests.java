package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class H2CapturePipelineIntegrationTests extends AbstractCapturePipelineIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
