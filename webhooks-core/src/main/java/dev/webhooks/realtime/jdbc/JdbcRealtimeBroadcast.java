package dev.webhooks.realtime.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import dev.webhooks.jdbc.InstantColumns;
import dev.webhooks.jdbc.JdbcTransactions;
import dev.webhooks.realtime.RealtimeEvent;
import dev.webhooks.realtime.RealtimeEventSink;
import dev.webhooks.realtime.RealtimePushException;
import dev.webhooks.realtime.RealtimeTransport;
import tools.jackson.databind.json.JsonMapper;

/**
 * Broadcasts committed events to every application instance on the same database: {@link #push} appends them to
 * {@code webhooks_realtime_events}, and each instance {@link #poll() polls} the table and hands the rows it has not
 * seen to its own subscribers, in id order.
 * <p>
 * An instance without subscribers (no web server) only pushes; {@link #poll()} is for instances that serve them.
 * <p>
 * Rows can become visible out of id order when two instances insert at once; a gap in the ids is waited for up to
 * the {@code gapTimeout} before the rows after it are considered settled. Rows older than the retention are
 * deleted.
 */
public final class JdbcRealtimeBroadcast implements RealtimeTransport {

	private static final String TABLE = "webhooks_realtime_events";

	private static final int MAX_ROWS_PER_POLL = 1000;

	private final DataSource dataSource;

	private final JsonMapper jsonMapper;

	private final RealtimeEventSink sink;

	private final Clock clock;

	private final Duration gapTimeout;

	private final Duration retention;

	// ids above the watermark already handed to the sink, with their created_at in epoch milliseconds
	private final TreeMap<Long, Long> seen = new TreeMap<>();

	// how the database's timestamp columns are bound, known from the first connection
	private final InstantColumns.Detected instants = new InstantColumns.Detected();

	private long watermark = -1;

	private long lastPurge;

	public JdbcRealtimeBroadcast(DataSource dataSource, JsonMapper jsonMapper, RealtimeEventSink sink, Clock clock,
			Duration gapTimeout, Duration retention) {
		this.dataSource = dataSource;
		this.jsonMapper = jsonMapper;
		this.sink = sink;
		this.clock = clock;
		this.gapTimeout = gapTimeout;
		this.retention = retention;
	}

	@Override
	public void push(List<RealtimeEvent> events) {
		Instant now = this.clock.instant();
		try (Connection connection = this.dataSource.getConnection()) {
			InstantColumns instants = this.instants.of(connection);
			JdbcTransactions.inTransaction(connection, (transaction) -> {
				try (PreparedStatement insert = transaction
					.prepareStatement("INSERT INTO " + TABLE + " (created_at, payload) VALUES (?, ?)")) {
					for (RealtimeEvent event : events) {
						instants.bind(insert, 1, now);
						insert.setString(2, this.jsonMapper.writeValueAsString(event));
						insert.addBatch();
					}
					return insert.executeBatch();
				}
			});
			// an instance that only writes (no subscribers, so it never polls) keeps the table small too
			purgeIfDue(connection);
		}
		catch (SQLException ex) {
			throw new RealtimePushException("Could not write " + events.size() + " realtime event(s) to " + TABLE
					+ ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Hands the rows this instance has not seen to the sink; call it every few hundred milliseconds from one thread.
	 * The first call only notes where the table ends, so an instance does not replay what was pushed before it
	 * started.
	 * @return how many events were handed to the sink
	 */
	public synchronized int poll() {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			if (this.watermark < 0) {
				this.watermark = maxId(connection);
				return 0;
			}
			int delivered = 0;
			for (Row row : newRows(connection)) {
				if (this.seen.putIfAbsent(row.id(), row.createdAt()) == null) {
					this.sink.accept(this.jsonMapper.readValue(row.payload(), RealtimeEvent.class));
					delivered++;
				}
			}
			settle();
			purgeIfDue(connection);
			return delivered;
		}
		catch (SQLException ex) {
			throw new RealtimePushException("Could not read realtime events from " + TABLE + ": " + ex.getMessage(), ex);
		}
	}

	private List<Row> newRows(Connection connection) throws SQLException {
		List<Row> rows = new ArrayList<>();
		try (PreparedStatement select = connection
			.prepareStatement("SELECT id, created_at, payload FROM " + TABLE + " WHERE id > ? ORDER BY id")) {
			select.setLong(1, this.watermark);
			select.setMaxRows(MAX_ROWS_PER_POLL);
			InstantColumns instants = this.instants.of(connection);
			try (ResultSet result = select.executeQuery()) {
				while (result.next()) {
					rows.add(new Row(result.getLong(1), instants.readRequired(result, 2).toEpochMilli(),
							result.getString(3)));
				}
			}
		}
		return rows;
	}

	// moves the watermark over contiguous ids, and over a gap once the row after it is older than the gap timeout
	private void settle() {
		long now = this.clock.millis();
		while (!this.seen.isEmpty()) {
			Map.Entry<Long, Long> lowest = this.seen.firstEntry();
			boolean contiguous = lowest.getKey() == this.watermark + 1;
			if (!contiguous && now - lowest.getValue() < this.gapTimeout.toMillis()) {
				return;
			}
			this.watermark = lowest.getKey();
			this.seen.pollFirstEntry();
		}
	}

	private synchronized void purgeIfDue(Connection connection) throws SQLException {
		long now = this.clock.millis();
		if (now - this.lastPurge < this.retention.toMillis() / 2) {
			return;
		}
		this.lastPurge = now;
		try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE created_at < ?")) {
			this.instants.of(connection).bind(delete, 1, Instant.ofEpochMilli(now).minus(this.retention));
			delete.executeUpdate();
		}
	}

	private static long maxId(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT MAX(id) FROM " + TABLE)) {
			result.next();
			return result.getLong(1);
		}
	}

	private record Row(long id, long createdAt, String payload) {

	}

}
