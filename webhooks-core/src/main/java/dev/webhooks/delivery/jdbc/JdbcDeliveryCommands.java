package dev.webhooks.delivery.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import javax.sql.DataSource;

import dev.webhooks.delivery.DeliveryCommands;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.jdbc.DeliveryRows.LeadingParameters;
import dev.webhooks.jdbc.InstantColumns;

/**
 * The operators' bulk commands on {@code webhooks_deliveries}: each is one conditional update (or delete) restricted
 * to the statuses it may change, so a command racing a dispatcher never moves a delivery it must not.
 */
public final class JdbcDeliveryCommands implements DeliveryCommands {

	// a capture that could not write a payload stores the delivery FAILED and empty: there is nothing to send again
	private static final String SENDABLE = "LENGTH(payload) > 0";

	private static final String RETRY = "UPDATE webhooks_deliveries SET status = 'PENDING', attempt_count = 0, "
			+ "next_attempt_at = ?, completed_at = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? "
			+ "WHERE " + SENDABLE + " AND ";

	private static final String SEND_NOW = "UPDATE webhooks_deliveries SET next_attempt_at = ?, updated_at = ? "
			+ "WHERE next_attempt_at > ? AND ";

	private static final String CANCEL = "UPDATE webhooks_deliveries SET status = 'CANCELLED', completed_at = ?, "
			+ "updated_at = ? WHERE ";

	private static final String FINISHED = "status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')";

	private static final String PURGE_CANDIDATES = "SELECT id FROM webhooks_deliveries WHERE completed_at < ? AND "
			+ FINISHED + " ORDER BY completed_at LIMIT ?";

	private static final String PURGE = "DELETE FROM webhooks_deliveries WHERE completed_at < ? AND " + FINISHED
			+ " AND id IN ";

	private final OutboxConnections connections;

	/**
	 * Creates the commands on the tables of {@link dev.webhooks.jdbc.WebhooksSchema}.
	 * @param dataSource where the commands get their connections
	 */
	public JdbcDeliveryCommands(DataSource dataSource) {
		this.connections = new OutboxConnections(dataSource);
	}

	@Override
	public int retry(DeliverySelection selection, Instant now) {
		String statuses = statuses("retry", selection, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED);
		Instant at = InstantColumns.truncate(now);
		return updateSelected("retry deliveries", RETRY + statuses, selection, firstTimes(at, 2));
	}

	@Override
	public int replay(DeliverySelection selection, Instant now) {
		String statuses = statuses("replay", selection, DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED,
				DeliveryStatus.CANCELLED);
		Instant at = InstantColumns.truncate(now);
		return updateSelected("replay deliveries", RETRY + statuses, selection, firstTimes(at, 2));
	}

	@Override
	public int sendNow(DeliverySelection selection, Instant now) {
		String statuses = statuses("send now", selection, DeliveryStatus.PENDING);
		Instant at = InstantColumns.truncate(now);
		return updateSelected("send deliveries now", SEND_NOW + statuses, selection, firstTimes(at, 3));
	}

	@Override
	public int cancel(DeliverySelection selection, Instant now) {
		String statuses = statuses("cancel", selection, DeliveryStatus.PENDING);
		Instant at = InstantColumns.truncate(now);
		return updateSelected("cancel deliveries", CANCEL + statuses, selection, firstTimes(at, 2));
	}

	/** Binds the same time to the statement's first {@code count} parameters, ahead of the filters. */
	private static LeadingParameters firstTimes(Instant at, int count) {
		return (statement, instants) -> {
			for (int index = 1; index <= count; index++) {
				instants.bind(statement, index, at);
			}
			return count + 1;
		};
	}

	/** The status condition of an operation: the selection's status when it is one the operation acts on. */
	private static String statuses(String operation, DeliverySelection selection, DeliveryStatus... allowed) {
		List<DeliveryStatus> statuses = List.of(allowed);
		DeliveryStatus wanted = selection.status();
		if (wanted != null) {
			if (!statuses.contains(wanted)) {
				throw new IllegalArgumentException(
						operation + " acts on " + statuses + " deliveries, not on " + wanted + " ones");
			}
			statuses = List.of(wanted);
		}
		StringBuilder sql = new StringBuilder("status IN (");
		for (int i = 0; i < statuses.size(); i++) {
			sql.append((i > 0) ? ", '" : "'").append(statuses.get(i).name()).append('\'');
		}
		return sql.append(')').toString();
	}

	/**
	 * Runs an update restricted by the selection's filters in one transaction; an id list longer than a driver
	 * takes in one statement is split.
	 */
	private int updateSelected(String operation, String sql, DeliverySelection selection,
			LeadingParameters parameters) {
		StringBuilder filters = new StringBuilder(sql);
		if (selection.target() != null) {
			filters.append(" AND target = ?");
		}
		if (selection.entityType() != null) {
			filters.append(" AND entity_type = ?");
		}
		if (selection.createdFrom() != null) {
			filters.append(" AND created_at >= ?");
		}
		List<String> ids = List.copyOf(new LinkedHashSet<>(selection.ids()));
		List<List<String>> chunks = ids.isEmpty() ? List.of(List.of()) : DeliveryRows.chunks(ids);
		return this.connections.inTransaction(operation, (dialect) -> chunks.size() == 1, (connection, dialect) -> {
			int updated = 0;
			for (List<String> chunk : chunks) {
				String statementSql = chunk.isEmpty() ? filters.toString()
						: filters + " AND id IN " + DeliveryRows.placeholders(chunk);
				try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
					int index = parameters.bind(statement, dialect.instants());
					if (selection.target() != null) {
						statement.setString(index++, selection.target().value());
					}
					if (selection.entityType() != null) {
						statement.setString(index++, selection.entityType());
					}
					if (selection.createdFrom() != null) {
						dialect.instants().bind(statement, index++, selection.createdFrom());
					}
					for (String id : chunk) {
						statement.setString(index++, id);
					}
					updated += statement.executeUpdate();
				}
			}
			return updated;
		});
	}

	@Override
	public int purgeFinished(Instant completedBefore, int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, got " + limit);
		}
		// ids first, then one delete by id: the same two statements on every database, each lock held briefly
		List<String> ids = this.connections.withConnection("find finished deliveries to purge", (connection, dialect) -> {
			try (PreparedStatement statement = connection.prepareStatement(PURGE_CANDIDATES)) {
				dialect.instants().bind(statement, 1, completedBefore);
				statement.setInt(2, limit);
				List<String> found = new ArrayList<>();
				try (ResultSet resultSet = statement.executeQuery()) {
					while (resultSet.next()) {
						found.add(resultSet.getString(1));
					}
				}
				return found;
			}
		});
		// completed_at is checked again: a delivery resent meanwhile is no longer finished and stays
		return DeliveryRows.updateByIds(this.connections, "purge finished deliveries", PURGE, ids, (statement, instants) -> {
			instants.bind(statement, 1, completedBefore);
			return 2;
		});
	}

}
