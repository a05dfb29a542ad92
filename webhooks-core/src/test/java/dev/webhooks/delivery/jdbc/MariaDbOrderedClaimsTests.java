package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** Ordered claims on MariaDB. */
class MariaDbOrderedClaimsTests extends AbstractOrderedClaimsContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.MARIADB;
	}

}
