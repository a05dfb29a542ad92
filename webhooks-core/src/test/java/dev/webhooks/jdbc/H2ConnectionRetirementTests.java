package dev.webhooks.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhooks.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2 2.4.240 (the version Spring Boot 4.1 manages) invalidates a table's CHECK constraints once the connection that
 * created the table is closed, and then refuses every write to it. A pool retires its connections (Hikari after
 * {@code max-lifetime}, 30 minutes by default), so the library's tables must keep accepting writes after that.
 */
class H2ConnectionRetirementTests {

	private final TestDatabase database = TestDatabase.create(TestDatabase.Kind.H2);

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	@Test
	void outboxAcceptsInsertsAndUpdatesAfterTheConnectionThatCreatedItIsRetired() throws SQLException {
		try (HikariDataSource migrating = this.database.newDataSource("migrating", 2)) {
			WebhooksSchema.migrate(migrating);
		}
		try (HikariDataSource application = this.database.newDataSource("application", 2);
				Connection connection = application.getConnection()) {
			insertDelivery(connection, "d-1");
			try (PreparedStatement update = connection
				.prepareStatement("UPDATE webhooks_deliveries SET status = 'SUCCEEDED' WHERE id = ?")) {
				update.setString(1, "d-1");
				assertThat(update.executeUpdate()).isOne();
			}
			try (PreparedStatement select = connection.prepareStatement("SELECT status FROM webhooks_deliveries");
					ResultSet rows = select.executeQuery()) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("SUCCEEDED");
			}
		}
	}

	private static void insertDelivery(Connection connection, String id) throws SQLException {
		Timestamp now = Timestamp.from(Instant.now());
		try (PreparedStatement insert = connection.prepareStatement("""
				INSERT INTO webhooks_deliveries (id, target, url, http_method, headers, event_type, payload, status,
					attempt_count, next_attempt_at, created_at, updated_at)
				VALUES (?, 'warehouse', 'https://warehouse.example.com/hooks', 'POST', '{}', 'products.created', '{}',
					'PENDING', 0, ?, ?, ?)""")) {
			insert.setString(1, id);
			insert.setTimestamp(2, now);
			insert.setTimestamp(3, now);
			insert.setTimestamp(4, now);
			assertThat(insert.executeUpdate()).isOne();
		}
	}

}
