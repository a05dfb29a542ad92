package dev.webhooks.idempotency.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import dev.webhooks.idempotency.Claim;
import dev.webhooks.idempotency.IdempotencyRecord;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.StoredResponse;
import dev.webhooks.jdbc.DatabaseVendor;
import dev.webhooks.jdbc.InstantColumns;
import org.jspecify.annotations.Nullable;

/**
 * Keeps records in the {@value #TABLE} table. A claim reads the key's row; when there is none it inserts one, which the
 * primary key makes atomic, and a stale row (expired, or an abandoned claim past its lock timeout) is taken over by a
 * conditional update, so exactly one of several racing requests wins. Each statement runs in its own auto-committed transaction on a pooled connection.
 * <p>
 * Times are timestamps of the application's clock: instances should keep their clocks in sync (NTP) so that lock
 * timeouts mean the same everywhere. Keys must be printable ASCII of at most 255 characters.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {

	/** The table created by the {@code V2__create_idempotency_records.sql} migrations. */
	public static final String TABLE = "webhooks_idempotency_records";

	private static final String COLUMNS = "idempotency_key, fingerprint, owner_token, locked_until, expires_at, "
			+ "response_status, response_headers, response_body";

	private static final int MAX_ATTEMPTS = 5;

	private final DataSource dataSource;

	private final Clock clock;

	private final InstantColumns instants;

	private final String insert;

	public JdbcIdempotencyStore(DataSource dataSource) {
		this(dataSource, Clock.systemUTC());
	}

	public JdbcIdempotencyStore(DataSource dataSource, Clock clock) {
		this(dataSource, DatabaseVendor.of(dataSource), clock);
	}

	public JdbcIdempotencyStore(DataSource dataSource, DatabaseVendor vendor, Clock clock) {
		this.dataSource = dataSource;
		this.clock = clock;
		this.instants = InstantColumns.of(vendor);
		String insert = "INSERT INTO " + TABLE
				+ " (idempotency_key, fingerprint, owner_token, locked_until, expires_at) VALUES (?, ?, ?, ?, ?)";
		// PostgreSQL would log every lost race as an error; ON CONFLICT makes it a quiet "0 rows"
		this.insert = (vendor == DatabaseVendor.POSTGRESQL) ? insert + " ON CONFLICT (idempotency_key) DO NOTHING"
				: insert;
	}

	@Override
	public Claim claim(String key, String fingerprint, Duration lockTimeout, Duration retention) {
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			Instant now = this.clock.instant();
			IdempotencyRecord claimed = new IdempotencyRecord(key, fingerprint, UUID.randomUUID().toString(),
					now.plus(lockTimeout), now.plus(retention), null);
			try (Connection connection = this.dataSource.getConnection()) {
				// reading first keeps repeats (the common case for a used key) to one query and away from
				// duplicate-key errors, which some drivers log; the insert and the update stay the atomic decision
				IdempotencyRecord existing = select(connection, key);
				if (existing != null && !existing.staleAt(now)) {
					return new Claim.Existing(existing);
				}
				boolean acquired = (existing == null) ? insert(connection, claimed)
						: takeOver(connection, claimed, now);
				if (acquired) {
					return new Claim.Acquired(claimed);
				}
				// another request inserted or took over between our statements: read again
			}
			catch (SQLException ex) {
				throw failure("claim", key, ex);
			}
		}
		throw new IllegalStateException("Could not claim idempotency key after " + MAX_ATTEMPTS
				+ " attempts; the record kept changing under concurrent requests");
	}

	private boolean insert(Connection connection, IdempotencyRecord record) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.insert)) {
			statement.setString(1, record.key());
			statement.setString(2, record.fingerprint());
			statement.setString(3, record.owner());
			this.instants.bind(statement, 4, record.lockedUntil());
			this.instants.bind(statement, 5, record.expiresAt());
			return statement.executeUpdate() == 1;
		}
		catch (SQLException ex) {
			if (isDuplicateKey(ex)) {
				return false;
			}
			throw ex;
		}
	}

	private boolean takeOver(Connection connection, IdempotencyRecord record, Instant now) throws SQLException {
		String sql = "UPDATE " + TABLE + " SET fingerprint = ?, owner_token = ?, locked_until = ?, expires_at = ?, "
				+ "response_status = NULL, response_headers = NULL, response_body = NULL WHERE idempotency_key = ? "
				+ "AND (expires_at <= ? OR (response_status IS NULL AND locked_until <= ?))";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, record.fingerprint());
			statement.setString(2, record.owner());
			this.instants.bind(statement, 3, record.lockedUntil());
			this.instants.bind(statement, 4, record.expiresAt());
			statement.setString(5, record.key());
			this.instants.bind(statement, 6, now);
			this.instants.bind(statement, 7, now);
			return statement.executeUpdate() == 1;
		}
	}

	@Override
	public boolean complete(String key, String owner, StoredResponse response, Duration retention) {
		String sql = "UPDATE " + TABLE + " SET response_status = ?, response_headers = ?, response_body = ?, "
				+ "expires_at = ? WHERE idempotency_key = ? AND owner_token = ? AND response_status IS NULL";
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setInt(1, response.status());
			statement.setString(2, encodeHeaders(response.headers()));
			statement.setBytes(3, response.body());
			this.instants.bind(statement, 4, this.clock.instant().plus(retention));
			statement.setString(5, key);
			statement.setString(6, owner);
			return statement.executeUpdate() == 1;
		}
		catch (SQLException ex) {
			throw failure("complete", key, ex);
		}
	}

	@Override
	public boolean release(String key, String owner) {
		String sql = "DELETE FROM " + TABLE
				+ " WHERE idempotency_key = ? AND owner_token = ? AND response_status IS NULL";
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, key);
			statement.setString(2, owner);
			return statement.executeUpdate() == 1;
		}
		catch (SQLException ex) {
			throw failure("release", key, ex);
		}
	}

	@Override
	public Optional<IdempotencyRecord> find(String key) {
		try (Connection connection = this.dataSource.getConnection()) {
			IdempotencyRecord record = select(connection, key);
			return (record != null && !record.staleAt(this.clock.instant())) ? Optional.of(record) : Optional.empty();
		}
		catch (SQLException ex) {
			throw failure("find", key, ex);
		}
	}

	@Override
	public int purgeExpired() {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("DELETE FROM " + TABLE + " WHERE expires_at <= ?")) {
			this.instants.bind(statement, 1, this.clock.instant());
			return statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not purge expired idempotency records: " + ex.getMessage(), ex);
		}
	}

	private @Nullable IdempotencyRecord select(Connection connection, String key) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE idempotency_key = ?")) {
			statement.setString(1, key);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next()) {
					return null;
				}
				int status = row.getInt("response_status");
				StoredResponse response = null;
				if (!row.wasNull()) {
					byte[] body = row.getBytes("response_body");
					response = new StoredResponse(status, decodeHeaders(row.getString("response_headers")),
							(body != null) ? body : new byte[0]);
				}
				return new IdempotencyRecord(row.getString("idempotency_key"), row.getString("fingerprint"),
						row.getString("owner_token"), this.instants.readRequired(row, "locked_until"),
						this.instants.readRequired(row, "expires_at"), response);
			}
		}
	}

	// one "name: value" line per value; header values cannot contain line breaks
	static String encodeHeaders(Map<String, List<String>> headers) {
		StringBuilder text = new StringBuilder();
		headers.forEach((name, values) -> values
			.forEach((value) -> text.append(name).append(": ").append(value).append('\n')));
		return text.toString();
	}

	static Map<String, List<String>> decodeHeaders(@Nullable String text) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		if (text == null) {
			return headers;
		}
		for (String line : text.split("\n")) {
			int colon = line.indexOf(": ");
			if (colon > 0) {
				headers.computeIfAbsent(line.substring(0, colon), (name) -> new ArrayList<>())
					.add(line.substring(colon + 2));
			}
		}
		return headers;
	}

	private static boolean isDuplicateKey(SQLException ex) {
		String state = ex.getSQLState();
		return ex instanceof java.sql.SQLIntegrityConstraintViolationException
				|| (state != null && state.startsWith("23"));
	}

	private static IllegalStateException failure(String operation, String key, SQLException ex) {
		return new IllegalStateException("Could not " + operation + " idempotency key (" + key.length()
				+ " characters) in table " + TABLE + ": " + ex.getMessage(), ex);
	}

}
