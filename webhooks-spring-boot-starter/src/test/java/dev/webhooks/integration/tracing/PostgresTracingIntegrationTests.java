package dev.webhooks.integration.tracing;

import dev.webhooks.testing.TestDatabase;

class PostgresTracingIntegrationTests extends AbstractTracingIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
