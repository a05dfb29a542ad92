package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** The operations contract of the outbox on H2. */
class H2DeliveryCommandsTests extends AbstractDeliveryCommandsContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
