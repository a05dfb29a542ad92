package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** The admin pages' contract of the outbox on H2. */
class H2DeliveryStoreAdminTests extends AbstractDeliveryStoreAdminContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
