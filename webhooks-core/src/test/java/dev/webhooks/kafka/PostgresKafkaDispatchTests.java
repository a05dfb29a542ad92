package dev.webhooks.kafka;

import dev.webhooks.testing.TestDatabase;

/** Kafka mode end to end on Postgres. */
class PostgresKafkaDispatchTests extends AbstractKafkaDispatchTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
