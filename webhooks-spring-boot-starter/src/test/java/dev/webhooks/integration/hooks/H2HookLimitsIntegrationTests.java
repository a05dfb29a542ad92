package dev.webhooks.integration.hooks;

import dev.webhooks.testing.TestDatabase;

class H2HookLimitsIntegrationTests extends AbstractHookLimitsIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
