package dev.webhooks.integration.realtime;

import dev.webhooks.testing.TestDatabase;

class MariaDbRealtimeIntegrationTests extends AbstractRealtimeIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.MARIADB;
	}

}
