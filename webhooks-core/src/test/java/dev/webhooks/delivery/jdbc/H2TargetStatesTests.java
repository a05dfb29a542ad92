package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** The target states contract on H2. */
class H2TargetStatesTests extends AbstractTargetStatesContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
