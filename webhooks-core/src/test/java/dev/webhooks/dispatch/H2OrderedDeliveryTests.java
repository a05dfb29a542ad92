package dev.webhooks.dispatch;

import dev.webhooks.testing.TestDatabase;

/** Ordered delivery end to end on H2. */
class H2OrderedDeliveryTests extends AbstractOrderedDeliveryTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

}
