package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import dev.webhooks.jdbc.DatabaseVendor;
import dev.webhooks.jdbc.InstantColumns;

/**
 * What differs between databases for the outbox: how rows are claimed, how instants are bound, and the SQL of a
 * few statements.
 *
 * @param vendor the database
 * @param claims how this database claims rows
 * @param instants how instants go in and out of its timestamp columns
 */
record OutboxDialect(DatabaseVendor vendor, ClaimStyle claims, InstantColumns instants) {

	static OutboxDialect of(Connection connection) throws SQLException {
		DatabaseVendor vendor = DatabaseVendor.of(connection.getMetaData());
		ClaimStyle claims;
		if (!vendor.supportsSkipLocked(connection.getMetaData())) {
			claims = ClaimStyle.COMPARE_AND_SET;
		}
		else {
			claims = (vendor == DatabaseVendor.POSTGRESQL) ? ClaimStyle.UPDATE_RETURNING : ClaimStyle.LOCK_THEN_UPDATE;
		}
		return new OutboxDialect(vendor, claims, InstantColumns.of(vendor));
	}

	/** The minute of {@code created_at} as UTC text ({@code yyyy-MM-ddTHH:mm}), so no session time zone takes part. */
	String createdMinute() {
		return switch (this.vendor) {
			case POSTGRESQL -> "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI')";
			case H2 -> "FORMATDATETIME(created_at, 'yyyy-MM-dd''T''HH:mm', 'en', 'UTC')";
			case MARIADB, MYSQL -> "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i')";
		};
	}

	/**
	 * Starts the failing period of a target unless one is running; an existing row, written by another dispatcher a
	 * moment earlier or long ago, is kept as it is without an error.
	 */
	String insertFailingTargetUnlessPresent() {
		String insert = "INSERT INTO webhooks_target_states (target, failing_since, updated_at) VALUES (?, ?, ?)";
		return switch (this.vendor) {
			case POSTGRESQL -> insert + " ON CONFLICT (target) DO NOTHING";
			// a no-op update rather than INSERT IGNORE, which would also hide data errors
			case MARIADB, MYSQL -> insert + " ON DUPLICATE KEY UPDATE target = target";
			case H2 -> "MERGE INTO webhooks_target_states t USING (VALUES (CAST(? AS VARCHAR(200)), "
					+ "CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE))) "
					+ "AS s (target, failing_since, updated_at) ON t.target = s.target "
					+ "WHEN NOT MATCHED THEN INSERT (target, failing_since, updated_at) "
					+ "VALUES (s.target, s.failing_since, s.updated_at)";
		};
	}

	/** How a database claims rows. */
	enum ClaimStyle {

		/** {@code UPDATE ... WHERE id = ANY (ARRAY(SELECT ... FOR UPDATE SKIP LOCKED)) RETURNING}: one round trip. */
		UPDATE_RETURNING,

		/** {@code SELECT ... FOR UPDATE SKIP LOCKED}, then update and read back in the same transaction. */
		LOCK_THEN_UPDATE,

		/** Unlocked candidates, each taken by an update that checks it is still due. */
		COMPARE_AND_SET

	}

}
