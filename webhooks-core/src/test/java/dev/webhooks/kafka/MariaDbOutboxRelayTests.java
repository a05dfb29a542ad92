package dev.webhooks.kafka;

import dev.webhooks.testing.TestDatabase;

/** The relay's rounds on MariaDb. */
class MariaDbOutboxRelayTests extends AbstractOutboxRelayTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.MARIADB;
	}

}
