package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.webhooks.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox contract on PostgreSQL, which claims in one {@code UPDATE ... RETURNING}. */
class PostgresDeliveryLeasesTests extends AbstractDeliveryLeasesContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.POSTGRESQL;
	}

	@Override
	protected String utcText(String column) {
		return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
	}

	@Test
	void completionsAndReleasesArePlannedThroughThePrimaryKeyEvenWhenInFlightRowsLookRareAndManyAreDead()
			throws SQLException {
		// a drained backlog: every row went PENDING -> IN_FLIGHT -> SUCCEEDED, leaving dead IN_FLIGHT versions, and
		// the statistics say IN_FLIGHT is rare: what once drew these statements to the admin pages' status index
		this.database.execute("INSERT INTO webhooks_deliveries (id, target, url, http_method, headers, event_type, payload, "
				+ "status, attempt_count, next_attempt_at, created_at, updated_at) SELECT 'd' || n, 'billing', "
				+ "'https://example.com', 'POST', '{}', 'invoice.paid', '{}', 'PENDING', 0, now(), now(), now() "
				+ "FROM generate_series(1, 20000) AS n");
		this.database.execute("UPDATE webhooks_deliveries SET status = 'IN_FLIGHT', lease_owner = 'dispatcher-a'");
		this.database.execute("UPDATE webhooks_deliveries SET status = 'SUCCEEDED', lease_owner = NULL");
		this.database.execute("ANALYZE webhooks_deliveries");
		try (Connection connection = this.dataSource.getConnection()) {
			String completion = plan(connection, JdbcDeliveryLeases.COMPLETE, (statement) -> {
				OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
				statement.setString(1, "SUCCEEDED");
				statement.setInt(2, 0);
				statement.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
				statement.setInt(4, 200);
				statement.setNull(5, Types.VARCHAR);
				statement.setObject(6, now);
				statement.setObject(7, now);
				statement.setString(8, "d10000");
				statement.setString(9, "dispatcher-a");
			});
			assertThat(completion).contains("webhooks_deliveries_pk").doesNotContain("status_page_ix");
			String release = plan(connection, JdbcDeliveryLeases.RELEASE + "(?)", (statement) -> {
				OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
				statement.setObject(1, now);
				statement.setObject(2, now);
				statement.setString(3, "dispatcher-a");
				statement.setString(4, "d10000");
			});
			assertThat(release).contains("webhooks_deliveries_pk").doesNotContain("status_page_ix");
		}
	}

	private static String plan(Connection connection, String sql, Binding binding) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
			binding.bind(statement);
			StringBuilder plan = new StringBuilder();
			try (ResultSet resultSet = statement.executeQuery()) {
				while (resultSet.next()) {
					plan.append(resultSet.getString(1)).append('\n');
				}
			}
			return plan.toString();
		}
	}

	@FunctionalInterface
	private interface Binding {

		void bind(PreparedStatement statement) throws SQLException;

	}

}
