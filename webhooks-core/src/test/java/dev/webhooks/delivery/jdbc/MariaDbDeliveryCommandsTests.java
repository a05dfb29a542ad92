package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** The operations contract of the outbox on MariaDB. */
class MariaDbDeliveryCommandsTests extends AbstractDeliveryCommandsContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.MARIADB;
	}

}
