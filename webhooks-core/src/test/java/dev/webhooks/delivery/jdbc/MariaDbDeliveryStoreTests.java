package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** The outbox contract on MariaDB, whose {@code DATETIME(6)} columns hold UTC. */
class MariaDbDeliveryStoreTests extends AbstractDeliveryStoreContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.MARIADB;
	}

	@Override
	protected String utcText(String column) {
		return "DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s.%f')";
	}

}
