package dev.webhooks.kafka;

import dev.webhooks.testing.TestDatabase;

/** The relay's rounds on H2. */
class H2OutboxRelayTests extends AbstractOutboxRelayTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
