package dev.webhooks.integration;

import dev.webhooks.testing.TestDatabase;

class MariaDbOutboundIntegrationTests extends AbstractOutboundIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.MARIADB;
	}

}
