package dev.webhooks.integration;

import dev.webhooks.testing.TestDatabase;

class PostgresOutboundIntegrationTests extends AbstractOutboundIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
