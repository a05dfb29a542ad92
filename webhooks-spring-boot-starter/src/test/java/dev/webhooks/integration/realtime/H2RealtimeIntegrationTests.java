package dev.webhooks.integration.realtime;

import dev.webhooks.testing.TestDatabase;

class H2RealtimeIntegrationTests extends AbstractRealtimeIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
