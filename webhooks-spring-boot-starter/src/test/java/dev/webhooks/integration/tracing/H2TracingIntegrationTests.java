package dev.webhooks.integration.tracing;

import dev.webhooks.testing.TestDatabase;

class H2TracingIntegrationTests extends AbstractTracingIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
