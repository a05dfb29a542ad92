package dev.webhooks.integration;

import dev.webhooks.testing.TestDatabase;

class H2OutboundIntegrationTests extends AbstractOutboundIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
