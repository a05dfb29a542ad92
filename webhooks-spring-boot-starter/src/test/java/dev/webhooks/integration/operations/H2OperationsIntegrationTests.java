package dev.webhooks.integration.operations;

import dev.webhooks.testing.TestDatabase;

class H2OperationsIntegrationTests extends AbstractOperationsIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
