package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
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

	@Test
	void claimsWalkTheDueIndexInOrderOnATableNeverAnalyzedAndLeaveTheConnectionsPlannerAsItWas() throws SQLException {
		// a fresh schema that filled up before any ANALYZE: 2,000 due rows behind 20,000 finished ones
		this.database.execute("INSERT INTO webhooks_deliveries (id, target, url, http_method, headers, event_type, payload, "
				+ "status, attempt_count, next_attempt_at, created_at, updated_at) SELECT 'd' || n, 'billing', "
				+ "'https://example.com', 'POST', '{}', 'invoice.paid', '{}', CASE WHEN n <= 20000 THEN 'SUCCEEDED' "
				+ "ELSE 'PENDING' END, 1, now() - interval '1 hour', now(), now() FROM generate_series(1, 22000) AS n");
		try (HikariDataSource single = this.database.newDataSource("single", 1)) {
			try (Connection connection = single.getConnection()) {
				connection.setAutoCommit(false);
				try (java.sql.Statement statement = connection.createStatement()) {
					statement.execute("SET LOCAL enable_sort = off");
				}
				String claim = plan(connection, JdbcDeliveryLeases.claimReturning(""), (statement) -> {
					OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
					statement.setString(1, "dispatcher-a");
					statement.setObject(2, now.plusMinutes(2));
					statement.setObject(3, now);
					statement.setObject(4, now);
					statement.setObject(5, now);
					statement.setInt(6, 100);
				});
				connection.rollback();
				connection.setAutoCommit(true);
				assertThat(claim).contains("webhooks_deliveries_due_ix").doesNotContain("Sort").doesNotContain("Bitmap");
			}
			List<dev.webhooks.delivery.Delivery> claimed = new JdbcDeliveryLeases(single, JSON).claim("dispatcher-a",
					java.time.Instant.now(), LEASE, 100);
			assertThat(claimed).hasSize(100);
			try (Connection connection = single.getConnection();
					java.sql.Statement statement = connection.createStatement();
					ResultSet setting = statement.executeQuery("SHOW enable_sort")) {
				setting.next();
				assertThat(setting.getString(1)).as("enable_sort after a claim on the same pooled connection")
					.isEqualTo("on");
			}
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
