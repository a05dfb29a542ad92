package dev.webhooks.hooks;

import dev.webhooks.testing.TestDatabase;

class H2HookServiceTests extends AbstractHookServiceContractTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
