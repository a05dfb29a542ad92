package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** Ordered claims on PostgreSQL. */
class PostgresOrderedClaimsTests extends AbstractOrderedClaimsContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

}
