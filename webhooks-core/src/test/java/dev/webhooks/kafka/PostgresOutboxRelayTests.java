package dev.webhooks.kafka;

import dev.webhooks.testing.TestDatabase;

/** The relay's rounds on Postgres. */
class PostgresOutboxRelayTests extends AbstractOutboxRelayTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
