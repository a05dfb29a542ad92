package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** Ordered claims on H2. */
class H2OrderedClaimsTests extends AbstractOrderedClaimsContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
