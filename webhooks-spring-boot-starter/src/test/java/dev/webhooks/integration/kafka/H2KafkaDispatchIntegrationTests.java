package dev.webhooks.integration.kafka;

import dev.webhooks.testing.TestDatabase;

class H2KafkaDispatchIntegrationTests extends AbstractKafkaDispatchIntegrationTests {

	@Override
	protected TestDatabase.Kind databaseKind() {
		return TestDatabase.Kind.H2;
	}

}
