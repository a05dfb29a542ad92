package dev.webhooks.dispatch;

import dev.webhooks.testing.TestDatabase;

/** Targets apart from each other on the outbox in H2. */
class H2TargetLanesDatabaseTests extends AbstractTargetLanesDatabaseTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
