package dev.webhooks.dispatch;

import dev.webhooks.testing.TestDatabase;

/** Targets apart from each other on the outbox in MariaDB. */
class MariaDbTargetLanesDatabaseTests extends AbstractTargetLanesDatabaseTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.MARIADB;
	}

	/** The issue measures starvation on H2 and PostgreSQL; MariaDB runs the behaviour tests. */
	@Override
	protected boolean measuresStarvation() {
		return false;
	}

}
