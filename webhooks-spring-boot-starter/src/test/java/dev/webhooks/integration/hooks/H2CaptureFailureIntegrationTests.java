package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class H2CaptureFailureIntegrationTests extends AbstractCaptureFailureIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
