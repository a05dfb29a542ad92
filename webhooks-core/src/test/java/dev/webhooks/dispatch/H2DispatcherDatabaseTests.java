package dev.webhooks.dispatch;

import dev.webhooks.testing.TestDatabase;

/** The dispatcher on the outbox in H2, which claims without {@code SKIP LOCKED}. */
class H2DispatcherDatabaseTests extends AbstractDispatcherDatabaseTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
