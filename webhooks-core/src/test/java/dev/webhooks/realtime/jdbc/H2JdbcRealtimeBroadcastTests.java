package dev.webhooks.realtime.jdbc;

import dev.webhooks.testing.TestDatabase;

class H2JdbcRealtimeBroadcastTests extends AbstractJdbcRealtimeBroadcastTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
