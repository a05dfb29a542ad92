package dev.webhooks.kafka;

import dev.webhooks.testing.TestDatabase;

/** Kafka mode end to end on H2. */
class H2KafkaDispatchTests extends AbstractKafkaDispatchTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
