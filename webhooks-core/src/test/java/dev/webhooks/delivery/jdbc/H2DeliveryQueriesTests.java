package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** The admin pages' contract of the outbox on H2. */
class H2DeliveryQueriesTests extends AbstractDeliveryQueriesContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
