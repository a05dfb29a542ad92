package dev.webhooks.integration.realtime;

import dev.webhooks.testing.TestDatabase;

class PostgresRealtimeIntegrationTests extends AbstractRealtimeIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
