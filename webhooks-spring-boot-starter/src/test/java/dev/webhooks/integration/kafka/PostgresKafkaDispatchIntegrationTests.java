package dev.webhooks.integration.kafka;

import dev.webhooks.testing.TestDatabase;

class PostgresKafkaDispatchIntegrationTests extends AbstractKafkaDispatchIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
