package dev.webhooks.hooks.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import dev.webhooks.hooks.Hook;
import dev.webhooks.hooks.HookStore;
import dev.webhooks.hooks.InvalidHookException;
import dev.webhooks.hooks.PreviousKey;
import dev.webhooks.hooks.match.MatchCondition;
import dev.webhooks.jdbc.InstantColumns;
import dev.webhooks.jdbc.JdbcTransactions;
import dev.webhooks.signing.Ed25519SigningKey;
import dev.webhooks.signing.SigningKey;
import dev.webhooks.signing.WebhookSecret;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hooks in the {@code webhooks_hooks} table. Each change runs in its own transaction on a connection of its own,
 * together with the increment of {@code webhooks_hooks_revision}, so a poller never sees a change without its
 * revision.
 */
public final class JdbcHookStore implements HookStore {

	private static final String COLUMNS = "id, name, entity_type, events, url, http_method, headers, content_type, "
			+ "template, serializer, include_fields, exclude_fields, match_filter, enabled, ordered, max_concurrency, "
			+ "rate_limit, burst, secret, "
			+ "created_at, updated_at, signature_versions, signing_key, previous_keys";

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private static final TypeReference<List<MatchCondition>> CONDITIONS = new TypeReference<>() {
	};

	private static final TypeReference<List<StoredPreviousKey>> PREVIOUS_KEYS = new TypeReference<>() {
	};

	private final DataSource dataSource;

	private final JsonMapper jsonMapper;

	// how the database's timestamp columns are bound, known from the first connection
	private final InstantColumns.Detected instants = new InstantColumns.Detected();

	public JdbcHookStore(DataSource dataSource, JsonMapper jsonMapper) {
		this.dataSource = dataSource;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public List<Hook> findAll() {
		return query("SELECT " + COLUMNS + " FROM webhooks_hooks ORDER BY name", null);
	}

	@Override
	public Optional<Hook> findById(String id) {
		return query("SELECT " + COLUMNS + " FROM webhooks_hooks WHERE id = ?", id).stream().findFirst();
	}

	@Override
	public Optional<Hook> findByName(String name) {
		return query("SELECT " + COLUMNS + " FROM webhooks_hooks WHERE name = ?", name).stream().findFirst();
	}

	@Override
	public void insert(Hook hook, String secret) {
		inTransaction("insert hook '" + hook.name() + "'", (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement("INSERT INTO webhooks_hooks (" + COLUMNS
					+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
				statement.setString(1, hook.id());
				int next = bindDefinition(statement, 2, hook);
				statement.setString(next, secret);
				InstantColumns instants = this.instants.of(connection);
				instants.bind(statement, next + 1, hook.createdAt());
				instants.bind(statement, next + 2, hook.updatedAt());
				statement.setString(next + 3, String.join(" ", hook.signatures()));
				statement.setString(next + 4, (hook.signingKey() != null) ? hook.signingKey().reveal() : null);
				statement.setString(next + 5, writePreviousKeys(hook.previousKeys()));
				statement.executeUpdate();
			}
			catch (SQLException ex) {
				throw duplicateNameOr(ex, hook);
			}
			return true;
		});
	}

	@Override
	public boolean update(Hook hook) {
		return inTransaction("update hook '" + hook.name() + "'", (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement("UPDATE webhooks_hooks SET name = ?, "
					+ "entity_type = ?, events = ?, url = ?, http_method = ?, headers = ?, content_type = ?, "
					+ "template = ?, serializer = ?, include_fields = ?, exclude_fields = ?, match_filter = ?, "
					+ "enabled = ?, ordered = ?, max_concurrency = ?, rate_limit = ?, burst = ?, updated_at = ?, "
					+ "signature_versions = ?, "
					+ "signing_key = COALESCE(signing_key, ?) WHERE id = ?")) {
				int next = bindDefinition(statement, 1, hook);
				this.instants.of(connection).bind(statement, next, hook.updatedAt());
				statement.setString(next + 1, String.join(" ", hook.signatures()));
				// a key rotated meanwhile stays: only a hook without one gets the hook's
				statement.setString(next + 2, (hook.signingKey() != null) ? hook.signingKey().reveal() : null);
				statement.setString(next + 3, hook.id());
				return statement.executeUpdate() == 1;
			}
			catch (SQLException ex) {
				throw duplicateNameOr(ex, hook);
			}
		});
	}

	@Override
	public boolean updateSecret(String id, String secret, Instant updatedAt) {
		return inTransaction("update the secret of hook " + id, (connection) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("UPDATE webhooks_hooks SET secret = ?, updated_at = ? WHERE id = ?")) {
				statement.setString(1, secret);
				this.instants.of(connection).bind(statement, 2, updatedAt);
				statement.setString(3, id);
				return statement.executeUpdate() == 1;
			}
		});
	}

	@Override
	public boolean rotateKey(String id, SigningKey newKey, Instant previousExpiresAt, Instant now) {
		boolean secret = newKey instanceof WebhookSecret;
		String column = secret ? "secret" : "signing_key";
		return inTransaction("rotate the " + (secret ? "secret" : "signing key") + " of hook " + id, (connection) -> {
			String oldKey;
			String previous;
			try (PreparedStatement statement = connection.prepareStatement(
					"SELECT " + column + ", previous_keys FROM webhooks_hooks WHERE id = ? FOR UPDATE")) {
				statement.setString(1, id);
				try (ResultSet resultSet = statement.executeQuery()) {
					if (!resultSet.next()) {
						return false;
					}
					oldKey = resultSet.getString(1);
					previous = resultSet.getString(2);
				}
			}
			List<PreviousKey> kept = new ArrayList<>();
			for (PreviousKey key : readPreviousKeys(previous)) {
				if (key.signsAt(now)) {
					kept.add(key);
				}
			}
			if (oldKey != null && previousExpiresAt.isAfter(now)) {
				kept.add(new PreviousKey(parseKey(oldKey), previousExpiresAt));
			}
			try (PreparedStatement statement = connection.prepareStatement(
					"UPDATE webhooks_hooks SET " + column + " = ?, previous_keys = ?, updated_at = ? WHERE id = ?")) {
				statement.setString(1, newKey.reveal());
				statement.setString(2, writePreviousKeys(kept));
				this.instants.of(connection).bind(statement, 3, now);
				statement.setString(4, id);
				return statement.executeUpdate() == 1;
			}
		});
	}

	@Override
	public boolean setEnabled(String id, boolean enabled, Instant updatedAt) {
		return inTransaction("enable or disable hook " + id, (connection) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("UPDATE webhooks_hooks SET enabled = ?, updated_at = ? WHERE id = ?")) {
				statement.setBoolean(1, enabled);
				this.instants.of(connection).bind(statement, 2, updatedAt);
				statement.setString(3, id);
				return statement.executeUpdate() == 1;
			}
		});
	}

	@Override
	public boolean delete(String id) {
		return inTransaction("delete hook " + id, (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement("DELETE FROM webhooks_hooks WHERE id = ?")) {
				statement.setString(1, id);
				return statement.executeUpdate() == 1;
			}
		});
	}

	@Override
	public long revision() {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT revision FROM webhooks_hooks_revision WHERE id = 1");
				ResultSet resultSet = statement.executeQuery()) {
			if (!resultSet.next()) {
				throw new IllegalStateException("webhooks_hooks_revision has no row; was the V3 migration applied?");
			}
			return resultSet.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the hooks revision: " + ex.getMessage(), ex);
		}
	}

	private int bindDefinition(PreparedStatement statement, int first, Hook hook) throws SQLException {
		int i = first;
		statement.setString(i++, hook.name());
		statement.setString(i++, hook.entityType());
		statement.setString(i++, this.jsonMapper.writeValueAsString(hook.events()));
		statement.setString(i++, hook.url());
		statement.setString(i++, hook.httpMethod());
		statement.setString(i++, hook.headers());
		statement.setString(i++, hook.contentType());
		statement.setString(i++, hook.template());
		statement.setString(i++, hook.serializer());
		statement.setString(i++, this.jsonMapper.writeValueAsString(hook.include()));
		statement.setString(i++, this.jsonMapper.writeValueAsString(hook.exclude()));
		statement.setString(i++, this.jsonMapper.writeValueAsString(hook.match()));
		statement.setBoolean(i++, hook.enabled());
		statement.setBoolean(i++, hook.ordered());
		statement.setObject(i++, hook.maxConcurrency(), Types.INTEGER);
		statement.setObject(i++, hook.rateLimit(), Types.DOUBLE);
		statement.setObject(i++, hook.burst(), Types.INTEGER);
		return i;
	}

	private List<Hook> query(String sql, @Nullable String parameter) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			if (parameter != null) {
				statement.setString(1, parameter);
			}
			List<Hook> hooks = new ArrayList<>();
			InstantColumns instants = this.instants.of(connection);
			try (ResultSet resultSet = statement.executeQuery()) {
				while (resultSet.next()) {
					hooks.add(read(resultSet, instants));
				}
			}
			return hooks;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read hooks: " + ex.getMessage(), ex);
		}
	}

	private Hook read(ResultSet resultSet, InstantColumns instants) throws SQLException {
		return new Hook(resultSet.getString("id"), resultSet.getString("name"), resultSet.getString("entity_type"),
				this.jsonMapper.readValue(resultSet.getString("events"), STRINGS), resultSet.getString("url"),
				resultSet.getString("http_method"), resultSet.getString("headers"), resultSet.getString("content_type"),
				resultSet.getString("template"), resultSet.getString("serializer"),
				this.jsonMapper.readValue(resultSet.getString("include_fields"), STRINGS),
				this.jsonMapper.readValue(resultSet.getString("exclude_fields"), STRINGS),
				this.jsonMapper.readValue(resultSet.getString("match_filter"), CONDITIONS),
				resultSet.getBoolean("enabled"), WebhookSecret.parse(resultSet.getString("secret")),
				instants.readRequired(resultSet, "created_at"), instants.readRequired(resultSet, "updated_at"),
				List.of(resultSet.getString("signature_versions").split(" ")),
				(resultSet.getString("signing_key") != null) ? Ed25519SigningKey.parse(resultSet.getString("signing_key"))
						: null,
				readPreviousKeys(resultSet.getString("previous_keys")), resultSet.getBoolean("ordered"),
				nullableInt(resultSet, "max_concurrency"), nullableDouble(resultSet, "rate_limit"),
				nullableInt(resultSet, "burst"));
	}

	private static @Nullable Integer nullableInt(ResultSet resultSet, String column) throws SQLException {
		int value = resultSet.getInt(column);
		return resultSet.wasNull() ? null : value;
	}

	private static @Nullable Double nullableDouble(ResultSet resultSet, String column) throws SQLException {
		double value = resultSet.getDouble(column);
		return resultSet.wasNull() ? null : value;
	}

	// previous keys are a JSON array of {"key": "whsec_..." or "whsk_...", "expiresAt": "<ISO-8601 instant>"}
	private String writePreviousKeys(List<PreviousKey> keys) {
		List<StoredPreviousKey> stored = keys.stream()
			.map((key) -> new StoredPreviousKey(key.key().reveal(), key.expiresAt().toString()))
			.toList();
		return this.jsonMapper.writeValueAsString(stored);
	}

	private List<PreviousKey> readPreviousKeys(@Nullable String json) {
		if (json == null || json.isBlank()) {
			return List.of();
		}
		return this.jsonMapper.readValue(json, PREVIOUS_KEYS)
			.stream()
			.map((stored) -> new PreviousKey(parseKey(stored.key()), Instant.parse(stored.expiresAt())))
			.toList();
	}

	private static SigningKey parseKey(String key) {
		return key.startsWith("whsk_") ? Ed25519SigningKey.parse(key) : WebhookSecret.parse(key);
	}

	/** A previous key as stored. */
	private record StoredPreviousKey(String key, String expiresAt) {

	}

	private <T> T inTransaction(String what, JdbcTransactions.Work<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			return JdbcTransactions.inTransaction(connection, (transaction) -> {
				T result = work.run(transaction);
				try (PreparedStatement statement = transaction
					.prepareStatement("UPDATE webhooks_hooks_revision SET revision = revision + 1 WHERE id = 1")) {
					statement.executeUpdate();
				}
				return result;
			});
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not " + what + ": " + ex.getMessage(), ex);
		}
	}

	private static RuntimeException duplicateNameOr(SQLException ex, Hook hook) {
		String state = ex.getSQLState();
		if (state != null && state.startsWith("23")) {
			// a concurrent create with the same name won the race past the service's check
			return new InvalidHookException("name", "'" + hook.name() + "' is already used by another hook");
		}
		return new IllegalStateException("Could not store hook '" + hook.name() + "': " + ex.getMessage(), ex);
	}

}
