package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.DeliveriesPerMinute;
import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.OutboxStats;
import dev.webhooks.delivery.Target;
import dev.webhooks.jdbc.InstantColumns;

/**
 * Reads {@code webhooks_deliveries} and {@code webhooks_delivery_attempts} for operators. Listings are pages read by
 * keyset through the indexes of the admin pages.
 */
public final class JdbcDeliveryQueries implements DeliveryQueries {

	private static final String UNSENT = "status IN ('PENDING', 'IN_FLIGHT')";
	/** Failed attempts mark a row, whether it waits for a retry or failed for good. */
	private static final String FAILING = "last_error IS NOT NULL AND status IN ('PENDING', 'IN_FLIGHT', 'FAILED') "
			+ "AND updated_at >= ?";
	private static final String ATTEMPTS = "SELECT delivery_id, attempt_number, started_at, duration_ms, status_code, "
			+ "response_excerpt, error FROM webhooks_delivery_attempts WHERE delivery_id = ? ORDER BY id";

	private final OutboxConnections connections;

	private final DeliveryRows rows;

	/**
	 * Creates the queries on the tables of {@link dev.webhooks.jdbc.WebhooksSchema}.
	 * @param dataSource where the reads get their connections
	 * @param jsonMapper reads the extra headers of deliveries
	 */
	public JdbcDeliveryQueries(DataSource dataSource, JsonMapper jsonMapper) {
		this.connections = new OutboxConnections(dataSource);
		this.rows = new DeliveryRows(jsonMapper);
	}

	@Override
	public Optional<Delivery> find(String id) {
		return this.connections.withConnection("find delivery " + id, (connection, dialect) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT " + DeliveryRows.COLUMNS + " FROM webhooks_deliveries WHERE id = ?")) {
				statement.setString(1, id);
				return this.rows.read(statement, dialect).stream().findFirst();
			}
		});
	}

	@Override
	public List<DeliveryAttempt> attempts(String deliveryId) {
		return this.connections.withConnection("read the attempts of delivery " + deliveryId, (connection, dialect) -> {
			try (PreparedStatement statement = connection.prepareStatement(ATTEMPTS)) {
				statement.setString(1, deliveryId);
				try (ResultSet resultSet = statement.executeQuery()) {
					List<DeliveryAttempt> attempts = new ArrayList<>();
					InstantColumns instants = dialect.instants();
					while (resultSet.next()) {
						attempts.add(new DeliveryAttempt(resultSet.getString(1), resultSet.getInt(2),
								instants.readRequired(resultSet, 3), Duration.ofMillis(resultSet.getLong(4)),
								DeliveryRows.getInteger(resultSet, 5), resultSet.getString(6), resultSet.getString(7)));
					}
					return attempts;
				}
			}
		});
	}

	@Override
	public List<Delivery> search(DeliverySearch search) {
		if (search.limit() == 0) {
			return List.of();
		}
		StringBuilder sql = new StringBuilder("SELECT ").append(DeliveryRows.COLUMNS).append(" FROM webhooks_deliveries WHERE 1 = 1");
		List<Object> values = new ArrayList<>();
		if (search.status() != null) {
			sql.append(" AND status = ?");
			values.add(search.status().name());
		}
		if (search.target() != null) {
			sql.append(" AND target = ?");
			values.add(search.target().value());
		}
		if (search.entityType() != null) {
			sql.append(" AND entity_type = ?");
			values.add(search.entityType());
		}
		if (search.eventType() != null) {
			sql.append(" AND event_type = ?");
			values.add(search.eventType());
		}
		if (search.createdFrom() != null) {
			sql.append(" AND created_at >= ?");
			values.add(search.createdFrom());
		}
		if (search.createdBefore() != null) {
			sql.append(" AND created_at < ?");
			values.add(search.createdBefore());
		}
		if (search.afterCreatedAt() != null && search.afterId() != null) {
			// the first condition alone bounds the index range; the second breaks ties on the same microsecond
			sql.append(" AND created_at <= ? AND (created_at < ? OR id < ?)");
			values.add(search.afterCreatedAt());
			values.add(search.afterCreatedAt());
			values.add(search.afterId());
		}
		sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
		values.add(search.limit());
		return this.connections.withConnection("search deliveries", (connection, dialect) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
				for (int i = 0; i < values.size(); i++) {
					Object value = values.get(i);
					if (value instanceof Instant instant) {
						dialect.instants().bind(statement, i + 1, instant);
					}
					else if (value instanceof Integer number) {
						statement.setInt(i + 1, number);
					}
					else {
						statement.setString(i + 1, (String) value);
					}
				}
				return this.rows.read(statement, dialect);
			}
		});
	}

	@Override
	public Map<DeliveryStatus, Long> countByStatus(@Nullable Instant createdFrom) {
		return this.connections.withConnection("count deliveries by status",
				(connection, dialect) -> countByStatus(connection, dialect, createdFrom));
	}

	private static Map<DeliveryStatus, Long> countByStatus(Connection connection, OutboxDialect dialect,
			@Nullable Instant createdFrom) throws SQLException {
		String sql = "SELECT status, COUNT(*) FROM webhooks_deliveries"
				+ ((createdFrom != null) ? " WHERE created_at >= ?" : "") + " GROUP BY status";
		Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
		for (DeliveryStatus status : DeliveryStatus.values()) {
			counts.put(status, 0L);
		}
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			if (createdFrom != null) {
				dialect.instants().bind(statement, 1, createdFrom);
			}
			try (ResultSet resultSet = statement.executeQuery()) {
				while (resultSet.next()) {
					counts.put(DeliveryStatus.valueOf(resultSet.getString(1)), resultSet.getLong(2));
				}
			}
		}
		return counts;
	}

	@Override
	public List<DeliveriesPerMinute> countPerMinute(Instant createdFrom) {
		return this.connections.withConnection("count deliveries per minute", (connection, dialect) -> {
			String minute = dialect.createdMinute();
			String sql = "SELECT " + minute + " AS minute_start, COUNT(*) FROM webhooks_deliveries "
					+ "WHERE created_at >= ? GROUP BY " + minute + " ORDER BY minute_start";
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				dialect.instants().bind(statement, 1, createdFrom);
				List<DeliveriesPerMinute> minutes = new ArrayList<>();
				try (ResultSet resultSet = statement.executeQuery()) {
					while (resultSet.next()) {
						minutes.add(new DeliveriesPerMinute(Instant.parse(resultSet.getString(1) + ":00Z"),
								resultSet.getLong(2)));
					}
				}
				return minutes;
			}
		});
	}

	@Override
	public OutboxStats stats(Instant failingSince, int maxFailingTargets) {
		return this.connections.withConnection("read outbox statistics", (connection, dialect) -> {
			Map<DeliveryStatus, Long> counts = countByStatus(connection, dialect, null);
			Instant oldest = null;
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT MIN(created_at) FROM webhooks_deliveries WHERE " + UNSENT)) {
				try (ResultSet resultSet = statement.executeQuery()) {
					if (resultSet.next()) {
						oldest = dialect.instants().read(resultSet, 1);
					}
				}
			}
			return new OutboxStats(counts, oldest, failingTargets(connection, dialect, failingSince, maxFailingTargets));
		});
	}

	private static List<OutboxStats.FailingTarget> failingTargets(Connection connection, OutboxDialect dialect,
			Instant since, int limit) throws SQLException {
		if (limit <= 0) {
			return List.of();
		}
		List<OutboxStats.FailingTarget> targets = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("SELECT target, COUNT(*), MAX(updated_at) "
				+ "FROM webhooks_deliveries WHERE " + FAILING + " GROUP BY target ORDER BY MAX(updated_at) DESC, target "
				+ "LIMIT ?")) {
			dialect.instants().bind(statement, 1, since);
			statement.setInt(2, limit);
			try (ResultSet resultSet = statement.executeQuery()) {
				while (resultSet.next()) {
					targets.add(new OutboxStats.FailingTarget(Target.parse(resultSet.getString(1)), resultSet.getLong(2),
							dialect.instants().readRequired(resultSet, 3), null));
				}
			}
		}
		List<OutboxStats.FailingTarget> withErrors = new ArrayList<>(targets.size());
		try (PreparedStatement statement = connection.prepareStatement("SELECT last_error FROM webhooks_deliveries "
				+ "WHERE target = ? AND " + FAILING + " ORDER BY updated_at DESC LIMIT 1")) {
			for (OutboxStats.FailingTarget target : targets) {
				statement.setString(1, target.target().value());
				dialect.instants().bind(statement, 2, since);
				String lastError = null;
				try (ResultSet resultSet = statement.executeQuery()) {
					if (resultSet.next()) {
						lastError = resultSet.getString(1);
					}
				}
				withErrors.add(new OutboxStats.FailingTarget(target.target(), target.failingDeliveries(),
						target.lastFailureAt(), lastError));
			}
		}
		return withErrors;
	}

}
