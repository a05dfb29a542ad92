package dev.webhooks.delivery.jdbc;

import dev.webhooks.testing.TestDatabase;

/** The outbox contract on H2, which claims without {@code SKIP LOCKED}. */
class H2DeliveryLeasesTests extends AbstractDeliveryLeasesContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

	@Override
	protected String utcText(String column) {
		return "FORMATDATETIME(" + column + ", 'yyyy-MM-dd HH:mm:ss.SSSSSS', 'en', 'UTC')";
	}

}
