package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.OutboxException;
import dev.webhooks.delivery.Target;
import dev.webhooks.jdbc.InstantColumns;

/**
 * Rows of {@code webhooks_deliveries} to and from {@link Delivery}, and the statement helpers the outbox roles share:
 * id lists split under the drivers' parameter limits, and batches that tell which statements changed a row.
 */
final class DeliveryRows {

	static final String COLUMNS = "id, target, url, http_method, headers, event_type, entity_type, entity_id, "
			+ "payload, status, attempt_count, next_attempt_at, lease_owner, lease_expires_at, last_status_code, "
			+ "last_error, created_at, updated_at, completed_at, trace_context, ordering_key";

	/** Keeps IN lists well under every driver's parameter limit. */
	static final int MAX_IN_LIST = 500;

	/** Statements per JDBC batch, so huge writes do not buffer everything at once. */
	static final int MAX_BATCH = 1000;

	private static final String EMPTY_HEADERS = "{}";

	private final JsonMapper jsonMapper;

	private final ObjectReader headersReader;

	DeliveryRows(JsonMapper jsonMapper) {
		this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
		this.headersReader = jsonMapper.readerFor(new TypeReference<Map<String, String>>() {
		});
	}

	List<Delivery> findAll(Connection connection, OutboxDialect dialect, List<String> ids) throws SQLException {
		List<Delivery> deliveries = new ArrayList<>(ids.size());
		for (List<String> chunk : chunks(ids)) {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT " + COLUMNS + " FROM webhooks_deliveries WHERE id IN " + placeholders(chunk))) {
				for (int i = 0; i < chunk.size(); i++) {
					statement.setString(i + 1, chunk.get(i));
				}
				deliveries.addAll(read(statement, dialect));
			}
		}
		return deliveries;
	}

	/** Runs a query selecting {@link #COLUMNS} and reads its rows. */
	List<Delivery> read(PreparedStatement statement, OutboxDialect dialect) throws SQLException {
		List<Delivery> deliveries = new ArrayList<>();
		InstantColumns instants = dialect.instants();
		try (ResultSet resultSet = statement.executeQuery()) {
			while (resultSet.next()) {
				String id = resultSet.getString(1);
				deliveries.add(new Delivery(id, Target.parse(resultSet.getString(2)), resultSet.getString(3),
						resultSet.getString(4), readHeaders(id, resultSet.getString(5)), resultSet.getString(6),
						resultSet.getString(7), resultSet.getString(8), resultSet.getString(9),
						DeliveryStatus.valueOf(resultSet.getString(10)), resultSet.getInt(11),
						instants.readRequired(resultSet, 12), resultSet.getString(13), instants.read(resultSet, 14),
						getInteger(resultSet, 15), resultSet.getString(16), instants.readRequired(resultSet, 17),
						instants.readRequired(resultSet, 18), instants.read(resultSet, 19),
						readTraceContext(id, resultSet.getString(20)), resultSet.getString(21)));
			}
		}
		return deliveries;
	}

	String writeHeaders(Map<String, String> headers) {
		return headers.isEmpty() ? EMPTY_HEADERS : this.jsonMapper.writeValueAsString(headers);
	}

	/** A trace context as stored: {@code null} when there is none, so that untraced rows cost no JSON. */
	@Nullable String writeTraceContext(Map<String, String> traceContext) {
		return traceContext.isEmpty() ? null : this.jsonMapper.writeValueAsString(traceContext);
	}

	private Map<String, String> readTraceContext(String id, @Nullable String json) {
		return (json != null) ? readHeaders(id, json) : Map.of();
	}

	private Map<String, String> readHeaders(String id, String json) {
		if (EMPTY_HEADERS.equals(json)) {
			return Map.of();
		}
		try {
			return this.headersReader.readValue(json);
		}
		catch (JacksonException ex) {
			throw new OutboxException(
					"Delivery " + id + " has headers that are not a JSON object of strings: " + ex.getOriginalMessage(),
					ex);
		}
	}

	/**
	 * Runs an update ending in {@code id IN } for the given ids in one transaction; an id list longer than a driver
	 * takes in one statement is split.
	 */
	static int updateByIds(OutboxConnections connections, String operation, String sql, Collection<String> ids,
			LeadingParameters parameters) {
		if (ids.isEmpty()) {
			return 0;
		}
		List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
		return connections.inTransaction(operation, (dialect) -> distinct.size() <= MAX_IN_LIST,
				(connection, dialect) -> {
			int updated = 0;
			for (List<String> chunk : chunks(distinct)) {
				try (PreparedStatement statement = connection.prepareStatement(sql + placeholders(chunk))) {
					int index = parameters.bind(statement, dialect.instants());
					for (String id : chunk) {
						statement.setString(index++, id);
					}
					updated += statement.executeUpdate();
				}
			}
			return updated;
		});
	}

	/**
	 * Runs a batch and tells which statements changed a row. Where the driver withholds the counts (e.g. MariaDB with
	 * {@code useBulkStmts}), the batch is rolled back and repeated one statement at a time, so it must be the first
	 * write of its transaction.
	 */
	static <T> boolean[] executeCounted(Connection connection, PreparedStatement statement, List<T> items,
			Binder<T> binder) throws SQLException {
		for (T item : items) {
			binder.bind(statement, item);
			statement.addBatch();
		}
		int[] counts = statement.executeBatch();
		boolean[] changed = new boolean[items.size()];
		boolean known = counts.length == items.size();
		for (int i = 0; known && i < counts.length; i++) {
			known = counts[i] != Statement.SUCCESS_NO_INFO;
			changed[i] = counts[i] > 0;
		}
		if (!known) {
			connection.rollback();
			for (int i = 0; i < items.size(); i++) {
				binder.bind(statement, items.get(i));
				changed[i] = statement.executeUpdate() > 0;
			}
		}
		return changed;
	}

	/** Cuts text to at most {@code max} characters, never between the two halves of a surrogate pair. */
	static @Nullable String cap(@Nullable String text, int max) {
		if (text == null || text.length() <= max) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
		return text.substring(0, end);
	}

	static void setInteger(PreparedStatement statement, int index, @Nullable Integer value) throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.INTEGER);
		}
		else {
			statement.setInt(index, value);
		}
	}

	static @Nullable Integer getInteger(ResultSet resultSet, int index) throws SQLException {
		int value = resultSet.getInt(index);
		return resultSet.wasNull() ? null : value;
	}

	static List<List<String>> chunks(List<String> ids) {
		if (ids.size() <= MAX_IN_LIST) {
			return List.of(ids);
		}
		List<List<String>> chunks = new ArrayList<>();
		for (int start = 0; start < ids.size(); start += MAX_IN_LIST) {
			chunks.add(ids.subList(start, Math.min(ids.size(), start + MAX_IN_LIST)));
		}
		return chunks;
	}

	static String placeholders(List<String> ids) {
		StringBuilder sql = new StringBuilder(ids.size() * 3 + 2).append('(');
		for (int i = 0; i < ids.size(); i++) {
			sql.append((i > 0) ? ", ?" : "?");
		}
		return sql.append(')').toString();
	}

	@FunctionalInterface
	interface Binder<T> {

		void bind(PreparedStatement statement, T item) throws SQLException;

	}

	@FunctionalInterface
	interface LeadingParameters {

		/** Binds the parameters before the IN list and returns the index of the first id. */
		int bind(PreparedStatement statement, InstantColumns instants) throws SQLException;

	}

}
