package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class H2HooksIntegrationTests extends AbstractHooksIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
