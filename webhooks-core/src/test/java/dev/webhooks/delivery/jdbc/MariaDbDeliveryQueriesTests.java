package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** The admin pages' contract of the outbox on MariaDB. */
class MariaDbDeliveryQueriesTests extends AbstractDeliveryQueriesContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.MARIADB;
	}

}
