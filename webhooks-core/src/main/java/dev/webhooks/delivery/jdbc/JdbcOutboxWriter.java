package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.jdbc.InstantColumns;

/**
 * Writes new deliveries to {@code webhooks_deliveries} in the caller's transaction, in JDBC batches.
 */
public final class JdbcOutboxWriter implements OutboxWriter {

	private static final String INSERT = "INSERT INTO webhooks_deliveries (id, target, url, http_method, headers, "
			+ "event_type, entity_type, entity_id, payload, status, attempt_count, next_attempt_at, created_at, "
			+ "updated_at, last_error, completed_at, trace_context, ordering_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, "
			+ "?, ?, ?, ?, ?, ?)";

	private final DeliveryRows rows;

	private volatile @Nullable InstantColumns instants;

	/**
	 * Creates a writer on the tables of {@link dev.webhooks.jdbc.WebhooksSchema}; the database is recognised from
	 * the first connection it is given.
	 * @param jsonMapper writes the extra headers as a JSON object
	 */
	public JdbcOutboxWriter(JsonMapper jsonMapper) {
		this.rows = new DeliveryRows(jsonMapper);
	}

	@Override
	public void insert(Connection connection, List<NewDelivery> deliveries) {
		if (deliveries.isEmpty()) {
			return;
		}
		try {
			InstantColumns instants = instants(connection);
			try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
				int batched = 0;
				for (NewDelivery delivery : deliveries) {
					Instant createdAt = delivery.createdAt();
					statement.setString(1, delivery.id());
					statement.setString(2, delivery.target().value());
					statement.setString(3, delivery.url());
					statement.setString(4, delivery.httpMethod());
					statement.setString(5, this.rows.writeHeaders(delivery.headers()));
					statement.setString(6, delivery.eventType());
					statement.setString(7, delivery.entityType());
					statement.setString(8, delivery.entityId());
					statement.setString(9, delivery.payload());
					boolean failed = delivery.failure() != null;
					statement.setString(10, failed ? DeliveryStatus.FAILED.name() : DeliveryStatus.PENDING.name());
					instants.bind(statement, 11, createdAt);
					instants.bind(statement, 12, createdAt);
					instants.bind(statement, 13, createdAt);
					statement.setString(14, DeliveryRows.cap(delivery.failure(), DeliveryAttempt.MAX_ERROR));
					instants.bind(statement, 15, failed ? createdAt : null);
					statement.setString(16, this.rows.writeTraceContext(delivery.traceContext()));
					statement.setString(17, delivery.orderingKey());
					statement.addBatch();
					if (++batched % DeliveryRows.MAX_BATCH == 0) {
						statement.executeBatch();
					}
				}
				if (batched % DeliveryRows.MAX_BATCH != 0) {
					statement.executeBatch();
				}
			}
		}
		catch (SQLException ex) {
			throw OutboxConnections.failure("insert " + deliveries.size() + " deliveries", ex);
		}
	}

	private InstantColumns instants(Connection connection) throws SQLException {
		InstantColumns instants = this.instants;
		if (instants == null) {
			instants = OutboxDialect.of(connection).instants();
			this.instants = instants;
		}
		return instants;
	}

}
