package dev.webhooks.dispatch;

import dev.webhooks.testing.TestDatabase;

/** Ordered delivery end to end on PostgreSQL. */
class PostgresOrderedDeliveryTests extends AbstractOrderedDeliveryTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
