package dev.webhooks.realtime.jdbc;

import dev.webhooks.testing.TestDatabase;

class PostgresJdbcRealtimeBroadcastTests extends AbstractJdbcRealtimeBroadcastTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
