package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** The admin pages' contract of the outbox on PostgreSQL. */
class PostgresDeliveryQueriesTests extends AbstractDeliveryQueriesContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
