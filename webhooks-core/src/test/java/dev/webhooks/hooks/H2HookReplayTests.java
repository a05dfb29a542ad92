package dev.webhooks.hooks;

import dev.webhooks.testing.TestDatabase;

class H2HookReplayTests extends AbstractHookReplayContractTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
