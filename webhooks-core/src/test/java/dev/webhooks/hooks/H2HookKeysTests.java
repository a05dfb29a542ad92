package dev.webhooks.hooks;

import dev.webhooks.testing.TestDatabase;

class H2HookKeysTests extends AbstractHookKeysContractTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
