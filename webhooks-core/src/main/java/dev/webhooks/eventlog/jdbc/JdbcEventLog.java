package dev.webhooks.eventlog.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import dev.webhooks.eventlog.EventLog;
import dev.webhooks.eventlog.EventLogException;
import dev.webhooks.eventlog.LoggedEvent;
import dev.webhooks.jdbc.InstantColumns;
import dev.webhooks.jdbc.JdbcTransactions;
import org.jspecify.annotations.Nullable;

/**
 * The event log in {@code webhooks_event_log}. A transaction's events are written with one multi-row
 * {@code INSERT ... VALUES (...), (...)} (one statement per {@value #ROWS_PER_INSERT} events), the cheapest write
 * on every database: one round trip, however many entities the transaction changed.
 */
public final class JdbcEventLog implements EventLog {

	static final int ROWS_PER_INSERT = 100;

	private static final String INSERT = "INSERT INTO webhooks_event_log (occurred_at, event_type, topic, "
			+ "entity_type, event, entity_id, instance, arguments) VALUES ";

	private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String COLUMNS = "id, occurred_at, event_type, topic, entity_type, event, entity_id, "
			+ "instance, arguments";

	private final DataSource dataSource;

	private final InstantColumns.Detected instants = new InstantColumns.Detected();

	/** Creates a log on the tables of {@link dev.webhooks.jdbc.WebhooksSchema} in the data source's database. */
	public JdbcEventLog(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void append(Connection connection, List<LoggedEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		try {
			InstantColumns instants = this.instants.of(connection);
			for (int from = 0; from < events.size(); from += ROWS_PER_INSERT) {
				List<LoggedEvent> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_INSERT));
				try (PreparedStatement insert = connection.prepareStatement(insertOf(chunk.size()))) {
					int index = 1;
					for (LoggedEvent event : chunk) {
						instants.bind(insert, index++, event.occurredAt());
						insert.setString(index++, event.type());
						insert.setString(index++, event.topic());
						insert.setString(index++, event.entityType());
						insert.setString(index++, event.event());
						insert.setString(index++, event.entityId());
						insert.setString(index++, event.instance());
						insert.setString(index++, event.arguments());
					}
					insert.executeUpdate();
				}
			}
		}
		catch (SQLException ex) {
			throw new EventLogException("Could not write " + events.size() + " event(s) to webhooks_event_log: "
					+ ex.getMessage(), ex);
		}
	}

	private static String insertOf(int rows) {
		StringBuilder sql = new StringBuilder(INSERT.length() + rows * (ROW.length() + 2)).append(INSERT);
		for (int i = 0; i < rows; i++) {
			sql.append((i > 0) ? ", " : "").append(ROW);
		}
		return sql.toString();
	}

	@Override
	public List<LoggedEvent> page(Connection connection, String entityType, Collection<String> events, Instant from,
			Instant until, @Nullable LoggedEvent after, int limit) {
		if (events.isEmpty() || limit < 1) {
			return List.of();
		}
		StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
			.append(" FROM webhooks_event_log WHERE entity_type = ? AND event IN (")
			.append("?, ".repeat(events.size() - 1))
			.append("?) AND occurred_at < ? AND ");
		// keyset: after the previous page's last row, in (occurred_at, id) order
		sql.append((after != null) ? "(occurred_at > ? OR (occurred_at = ? AND id > ?))" : "occurred_at >= ?");
		sql.append(" ORDER BY occurred_at, id LIMIT ?");
		try {
			InstantColumns instants = this.instants.of(connection);
			try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
				int index = 1;
				select.setString(index++, entityType);
				for (String event : events) {
					select.setString(index++, event);
				}
				instants.bind(select, index++, until);
				if (after != null) {
					instants.bind(select, index++, after.occurredAt());
					instants.bind(select, index++, after.occurredAt());
					select.setLong(index++, after.sequence());
				}
				else {
					instants.bind(select, index++, from);
				}
				select.setInt(index, limit);
				List<LoggedEvent> page = new ArrayList<>(Math.min(limit, 1000));
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						page.add(new LoggedEvent(rows.getLong(1), instants.readRequired(rows, 2), rows.getString(3),
								rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
								rows.getString(8), rows.getString(9)));
					}
				}
				return page;
			}
		}
		catch (SQLException ex) {
			throw new EventLogException("Could not read the events of " + entityType + " from webhooks_event_log: "
					+ ex.getMessage(), ex);
		}
	}

	@Override
	public int purge(Instant occurredBefore, int limit) {
		try (Connection connection = this.dataSource.getConnection()) {
			InstantColumns instants = this.instants.of(connection);
			return JdbcTransactions.inTransaction(connection, (transaction) -> {
				// ids first: MariaDB and MySQL take no LIMIT in a DELETE's subquery, PostgreSQL no LIMIT on DELETE
				List<Long> ids = new ArrayList<>();
				try (PreparedStatement select = transaction.prepareStatement(
						"SELECT id FROM webhooks_event_log WHERE occurred_at < ? ORDER BY occurred_at LIMIT ?")) {
					instants.bind(select, 1, occurredBefore);
					select.setInt(2, limit);
					try (ResultSet rows = select.executeQuery()) {
						while (rows.next()) {
							ids.add(rows.getLong(1));
						}
					}
				}
				if (ids.isEmpty()) {
					return 0;
				}
				try (PreparedStatement delete = transaction.prepareStatement("DELETE FROM webhooks_event_log WHERE id IN ("
						+ "?, ".repeat(ids.size() - 1) + "?)")) {
					for (int i = 0; i < ids.size(); i++) {
						delete.setLong(i + 1, ids.get(i));
					}
					return delete.executeUpdate();
				}
			});
		}
		catch (SQLException ex) {
			throw new EventLogException("Could not purge webhooks_event_log of the events that occurred before "
					+ occurredBefore + ": " + ex.getMessage(), ex);
		}
	}

}
