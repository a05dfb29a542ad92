package dev.webhooks.realtime.jdbc;

import dev.webhooks.testing.TestDatabase;

class MariaDbJdbcRealtimeBroadcastTests extends AbstractJdbcRealtimeBroadcastTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.MARIADB;
	}

}
