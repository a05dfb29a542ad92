package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** The outbox contract on PostgreSQL, which claims in one {@code UPDATE ... RETURNING}. */
class PostgresDeliveryStoreTests extends AbstractDeliveryStoreContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

	@Override
	protected String utcText(String column) {
		return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
	}

}
