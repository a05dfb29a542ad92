package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.DeliveriesPerMinute;
import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryQuery;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.DeliveryStore;
import dev.webhooks.delivery.DeliveryStoreException;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.OutboxStats;
import dev.webhooks.jdbc.DatabaseVendor;
import dev.webhooks.jdbc.InstantColumns;

/**
 * The outbox in the {@code webhooks_deliveries} and {@code webhooks_delivery_attempts} tables, through plain JDBC.
 * <p>
 * Claims use {@code FOR UPDATE SKIP LOCKED} where the database has it, so dispatchers never wait for each other; on
 * PostgreSQL a claim is a single statement. Elsewhere (H2, MariaDB before 10.6) each candidate is taken with a
 * conditional update, so two dispatchers can still never claim the same delivery. Every write is batched.
 */
public final class JdbcDeliveryStore implements DeliveryStore {

	private static final String COLUMNS = "id, target, url, http_method, headers, event_type, entity_type, entity_id, "
			+ "payload, status, attempt_count, next_attempt_at, lease_owner, lease_expires_at, last_status_code, "
			+ "last_error, created_at, updated_at, completed_at";

	private static final String INSERT = "INSERT INTO webhooks_deliveries (id, target, url, http_method, headers, "
			+ "event_type, entity_type, entity_id, payload, status, attempt_count, next_attempt_at, created_at, "
			+ "updated_at, last_error, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)";

	/** Due now; a row with an expired lease is always past its next attempt time, which lets one index serve both. */
	private static final String DUE = "next_attempt_at <= ? AND (status = 'PENDING' "
			+ "OR (status = 'IN_FLIGHT' AND lease_expires_at <= ?))";

	private static final String TAKE = "UPDATE webhooks_deliveries SET status = 'IN_FLIGHT', lease_owner = ?, "
			+ "lease_expires_at = ?, attempt_count = attempt_count + 1, updated_at = ? WHERE ";

	private static final String CLAIM_RETURNING = TAKE + "id IN (SELECT id FROM webhooks_deliveries WHERE " + DUE
			+ " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS;

	private static final String CLAIM_IF_DUE = TAKE + "id = ? AND " + DUE;

	private static final String PENDING_CANDIDATES = "SELECT id, next_attempt_at FROM webhooks_deliveries "
			+ "WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?";

	private static final String EXPIRED_CANDIDATES = "SELECT id, next_attempt_at FROM webhooks_deliveries "
			+ "WHERE status = 'IN_FLIGHT' AND lease_expires_at <= ? ORDER BY next_attempt_at, id LIMIT ?";

	private static final String SKIP_LOCKED = " FOR UPDATE SKIP LOCKED";

	private static final String COMPLETE = "UPDATE webhooks_deliveries SET status = ?, "
			+ "next_attempt_at = COALESCE(?, next_attempt_at), last_status_code = ?, last_error = ?, "
			+ "lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, completed_at = ? "
			+ "WHERE id = ? AND lease_owner = ? AND status = 'IN_FLIGHT'";

	private static final String INSERT_ATTEMPT = "INSERT INTO webhooks_delivery_attempts (delivery_id, attempt_number, "
			+ "started_at, duration_ms, status_code, response_excerpt, error) VALUES (?, ?, ?, ?, ?, ?, ?)";

	private static final String RELEASE = "UPDATE webhooks_deliveries SET status = 'PENDING', next_attempt_at = ?, "
			+ "attempt_count = attempt_count - 1, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? "
			+ "WHERE lease_owner = ? AND status = 'IN_FLIGHT' AND id IN ";

	// a capture that could not write a payload stores the delivery FAILED and empty: there is nothing to send again
	private static final String SENDABLE = "LENGTH(payload) > 0";

	private static final String RESEND = "UPDATE webhooks_deliveries SET status = 'PENDING', attempt_count = 0, "
			+ "next_attempt_at = ?, completed_at = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? "
			+ "WHERE status IN ('FAILED', 'CANCELLED') AND " + SENDABLE + " AND id IN ";

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

	private static final String UNSENT = "status IN ('PENDING', 'IN_FLIGHT')";

	/** Failed attempts mark a row, whether it waits for a retry or failed for good. */
	private static final String FAILING = "last_error IS NOT NULL AND status IN ('PENDING', 'IN_FLIGHT', 'FAILED') "
			+ "AND updated_at >= ?";

	private static final String ATTEMPTS = "SELECT delivery_id, attempt_number, started_at, duration_ms, status_code, "
			+ "response_excerpt, error FROM webhooks_delivery_attempts WHERE delivery_id = ? ORDER BY id";

	private static final String EMPTY_HEADERS = "{}";

	/** Keeps IN lists well under every driver's parameter limit. */
	private static final int MAX_IN_LIST = 500;

	/** Statements per JDBC batch, so huge writes do not buffer everything at once. */
	private static final int MAX_BATCH = 1000;

	/** Claims that lost every candidate to another dispatcher look again this often before giving up. */
	private static final int MAX_CLAIM_ROUNDS = 3;

	private final DataSource dataSource;

	private final JsonMapper jsonMapper;

	private final ObjectReader headersReader;

	private volatile @Nullable Dialect dialect;

	/**
	 * Creates a store on the tables of {@link dev.webhooks.jdbc.WebhooksSchema}. The database is recognised on first
	 * use.
	 * @param dataSource where claims, completions and reads get their connections
	 * @param jsonMapper writes and reads the extra headers as a JSON object
	 */
	public JdbcDeliveryStore(DataSource dataSource, JsonMapper jsonMapper) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
		this.headersReader = jsonMapper.readerFor(new TypeReference<Map<String, String>>() {
		});
	}

	@Override
	public void insert(Connection connection, List<NewDelivery> deliveries) {
		if (deliveries.isEmpty()) {
			return;
		}
		try {
			InstantColumns instants = dialect(connection).instants();
			try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
				int batched = 0;
				for (NewDelivery delivery : deliveries) {
					Instant createdAt = delivery.createdAt();
					statement.setString(1, delivery.id());
					statement.setString(2, delivery.target());
					statement.setString(3, delivery.url());
					statement.setString(4, delivery.httpMethod());
					statement.setString(5, writeHeaders(delivery.headers()));
					statement.setString(6, delivery.eventType());
					statement.setString(7, delivery.entityType());
					statement.setString(8, delivery.entityId());
					statement.setString(9, delivery.payload());
					boolean failed = delivery.failure() != null;
					statement.setString(10, failed ? DeliveryStatus.FAILED.name() : DeliveryStatus.PENDING.name());
					instants.bind(statement, 11, createdAt);
					instants.bind(statement, 12, createdAt);
					instants.bind(statement, 13, createdAt);
					statement.setString(14, cap(delivery.failure(), DeliveryAttempt.MAX_ERROR));
					instants.bind(statement, 15, failed ? createdAt : null);
					statement.addBatch();
					if (++batched % MAX_BATCH == 0) {
						statement.executeBatch();
					}
				}
				if (batched % MAX_BATCH != 0) {
					statement.executeBatch();
				}
			}
		}
		catch (SQLException ex) {
			throw failure("insert " + deliveries.size() + " deliveries", ex);
		}
	}

	@Override
	public List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit) {
		Objects.requireNonNull(leaseOwner, "leaseOwner");
		if (lease.isNegative()) {
			throw new IllegalArgumentException("lease must not be negative, got " + lease);
		}
		if (limit <= 0) {
			return List.of();
		}
		Claim claim = new Claim(leaseOwner, InstantColumns.truncate(now), InstantColumns.truncate(now.plus(lease)),
				limit);
		return inTransaction("claim deliveries for " + leaseOwner,
				(dialect) -> dialect.claims() == ClaimStyle.UPDATE_RETURNING, (connection, dialect) -> {
			List<Delivery> claimed = switch (dialect.claims()) {
				case UPDATE_RETURNING -> claimReturning(connection, dialect, claim);
				case LOCK_THEN_UPDATE -> claimLocked(connection, dialect, claim);
				case COMPARE_AND_SET -> claimIfStillDue(connection, dialect, claim);
			};
			if (claimed.size() > 1) {
				claimed.sort(Comparator.comparing(Delivery::nextAttemptAt).thenComparing(Delivery::id));
			}
			return claimed;
		});
	}

	/** PostgreSQL: one statement picks, locks, updates and returns the rows. */
	private List<Delivery> claimReturning(Connection connection, Dialect dialect, Claim claim) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(CLAIM_RETURNING)) {
			int index = bindTake(statement, dialect, claim);
			dialect.instants().bind(statement, index++, claim.now());
			dialect.instants().bind(statement, index++, claim.now());
			statement.setInt(index, claim.limit());
			return readDeliveries(statement, dialect);
		}
	}

	/** MariaDB and MySQL: lock the due ids, skipping rows other dispatchers hold, then update and read them back. */
	private List<Delivery> claimLocked(Connection connection, Dialect dialect, Claim claim) throws SQLException {
		// read committed takes no gap locks: a claim must not hold up the application's inserts of new deliveries
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
		}
		List<String> ids = candidates(connection, dialect, claim, SKIP_LOCKED);
		if (ids.isEmpty()) {
			return new ArrayList<>();
		}
		for (List<String> chunk : chunks(ids)) {
			try (PreparedStatement statement = connection.prepareStatement(TAKE + "id IN " + placeholders(chunk))) {
				int index = bindTake(statement, dialect, claim);
				for (String id : chunk) {
					statement.setString(index++, id);
				}
				statement.executeUpdate();
			}
		}
		return findAll(connection, dialect, ids);
	}

	/**
	 * Without row locks that can be skipped, candidates are read without locks and each one is taken only if it is
	 * still due when updated: the update count says whether this dispatcher won it.
	 */
	private List<Delivery> claimIfStillDue(Connection connection, Dialect dialect, Claim claim) throws SQLException {
		List<String> won = new ArrayList<>();
		for (int round = 0; round < MAX_CLAIM_ROUNDS && won.size() < claim.limit(); round++) {
			int wanted = claim.limit() - won.size();
			List<String> candidates = candidates(connection, dialect, claim.withLimit(wanted), "");
			if (candidates.isEmpty()) {
				break;
			}
			boolean[] taken;
			try (PreparedStatement statement = connection.prepareStatement(CLAIM_IF_DUE)) {
				taken = executeCounted(connection, statement, candidates, (bound, id) -> {
					int index = bindTake(bound, dialect, claim);
					bound.setString(index++, id);
					dialect.instants().bind(bound, index++, claim.now());
					dialect.instants().bind(bound, index, claim.now());
				});
			}
			for (int i = 0; i < taken.length; i++) {
				if (taken[i]) {
					won.add(candidates.get(i));
				}
			}
			if (won.size() == claim.limit() || candidates.size() < wanted) {
				break;
			}
			// other dispatchers took some candidates: look again for as many as are still missing
			connection.commit();
		}
		return won.isEmpty() ? new ArrayList<>() : findAll(connection, dialect, won);
	}

	/** Due ids, oldest first: pending rows and rows whose lease expired, each read through its own index. */
	private List<String> candidates(Connection connection, Dialect dialect, Claim claim, String lock)
			throws SQLException {
		List<Candidate> candidates = new ArrayList<>();
		for (String sql : List.of(PENDING_CANDIDATES, EXPIRED_CANDIDATES)) {
			try (PreparedStatement statement = connection.prepareStatement(sql + lock)) {
				dialect.instants().bind(statement, 1, claim.now());
				statement.setInt(2, claim.limit());
				try (ResultSet resultSet = statement.executeQuery()) {
					while (resultSet.next()) {
						candidates.add(new Candidate(resultSet.getString(1),
								dialect.instants().readRequired(resultSet, 2)));
					}
				}
			}
		}
		return candidates.stream()
			.sorted(Comparator.comparing(Candidate::nextAttemptAt).thenComparing(Candidate::id))
			.limit(claim.limit())
			.map(Candidate::id)
			.toList();
	}

	private static int bindTake(PreparedStatement statement, Dialect dialect, Claim claim) throws SQLException {
		statement.setString(1, claim.owner());
		dialect.instants().bind(statement, 2, claim.leaseExpiresAt());
		dialect.instants().bind(statement, 3, claim.now());
		return 4;
	}

	@Override
	public int complete(List<DeliveryOutcome> outcomes, Instant now) {
		if (outcomes.isEmpty()) {
			return 0;
		}
		for (DeliveryOutcome outcome : outcomes) {
			if (outcome.status() == DeliveryStatus.IN_FLIGHT) {
				throw new IllegalArgumentException(
						"Delivery " + outcome.deliveryId() + " cannot be completed as IN_FLIGHT");
			}
		}
		Instant completedAt = InstantColumns.truncate(now);
		// rows are always locked in id order, so two completions can never wait for each other
		List<DeliveryOutcome> ordered = outcomes.stream()
			.sorted(Comparator.comparing(DeliveryOutcome::deliveryId))
			.toList();
		return inTransaction("complete " + outcomes.size() + " deliveries", (dialect) -> false, (connection, dialect) -> {
			InstantColumns instants = dialect.instants();
			boolean[] updated;
			// the delivery updates come first: an attempt is recorded only where its owner still held the lease
			try (PreparedStatement statement = connection.prepareStatement(COMPLETE)) {
				updated = executeCounted(connection, statement, ordered, (bound, outcome) -> {
					DeliveryAttempt attempt = outcome.attempt();
					boolean retry = outcome.status() == DeliveryStatus.PENDING;
					Instant nextAttemptAt = (outcome.nextAttemptAt() != null) ? outcome.nextAttemptAt() : completedAt;
					bound.setString(1, outcome.status().name());
					instants.bind(bound, 2, retry ? nextAttemptAt : null);
					setInteger(bound, 3, attempt.statusCode());
					bound.setString(4, cap(attempt.error(), DeliveryAttempt.MAX_ERROR));
					instants.bind(bound, 5, completedAt);
					instants.bind(bound, 6, retry ? null : completedAt);
					bound.setString(7, outcome.deliveryId());
					bound.setString(8, outcome.leaseOwner());
				});
			}
			int count = 0;
			try (PreparedStatement statement = connection.prepareStatement(INSERT_ATTEMPT)) {
				for (int i = 0; i < updated.length; i++) {
					if (updated[i]) {
						bindAttempt(statement, instants, ordered.get(i).attempt());
						statement.addBatch();
						if (++count % MAX_BATCH == 0) {
							statement.executeBatch();
						}
					}
				}
				if (count % MAX_BATCH != 0) {
					statement.executeBatch();
				}
			}
			return count;
		});
	}

	private static void bindAttempt(PreparedStatement statement, InstantColumns instants, DeliveryAttempt attempt)
			throws SQLException {
		statement.setString(1, attempt.deliveryId());
		statement.setInt(2, attempt.attemptNumber());
		instants.bind(statement, 3, attempt.startedAt());
		statement.setLong(4, attempt.duration().toMillis());
		setInteger(statement, 5, attempt.statusCode());
		statement.setString(6, cap(attempt.responseExcerpt(), DeliveryAttempt.MAX_RESPONSE_EXCERPT));
		statement.setString(7, cap(attempt.error(), DeliveryAttempt.MAX_ERROR));
	}

	@Override
	public int release(String leaseOwner, Collection<String> deliveryIds, Instant now) {
		Objects.requireNonNull(leaseOwner, "leaseOwner");
		return updateByIds("release deliveries of " + leaseOwner, RELEASE, deliveryIds, (statement, instants) -> {
			instants.bind(statement, 1, now);
			instants.bind(statement, 2, now);
			statement.setString(3, leaseOwner);
			return 4;
		});
	}

	@Override
	public int resend(Collection<String> ids, Instant now) {
		return updateByIds("resend deliveries", RESEND, ids, (statement, instants) -> {
			instants.bind(statement, 1, now);
			instants.bind(statement, 2, now);
			return 3;
		});
	}

	private int updateByIds(String operation, String sql, Collection<String> ids, LeadingParameters parameters) {
		if (ids.isEmpty()) {
			return 0;
		}
		List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
		boolean singleStatement = distinct.size() <= MAX_IN_LIST;
		return inTransaction(operation, (dialect) -> singleStatement, (connection, dialect) -> {
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

	@Override
	public Optional<Delivery> find(String id) {
		return withConnection("find delivery " + id, (connection, dialect) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT " + COLUMNS + " FROM webhooks_deliveries WHERE id = ?")) {
				statement.setString(1, id);
				return readDeliveries(statement, dialect).stream().findFirst();
			}
		});
	}

	@Override
	public List<DeliveryAttempt> attempts(String deliveryId) {
		return withConnection("read the attempts of delivery " + deliveryId, (connection, dialect) -> {
			try (PreparedStatement statement = connection.prepareStatement(ATTEMPTS)) {
				statement.setString(1, deliveryId);
				try (ResultSet resultSet = statement.executeQuery()) {
					List<DeliveryAttempt> attempts = new ArrayList<>();
					InstantColumns instants = dialect.instants();
					while (resultSet.next()) {
						attempts.add(new DeliveryAttempt(resultSet.getString(1), resultSet.getInt(2),
								instants.readRequired(resultSet, 3), Duration.ofMillis(resultSet.getLong(4)),
								getInteger(resultSet, 5), resultSet.getString(6), resultSet.getString(7)));
					}
					return attempts;
				}
			}
		});
	}

	@Override
	public List<Delivery> find(DeliveryQuery query) {
		if (query.limit() < 0) {
			throw new IllegalArgumentException("limit must not be negative, got " + query.limit());
		}
		if (query.limit() == 0) {
			return List.of();
		}
		StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM webhooks_deliveries WHERE 1 = 1");
		if (query.status() != null) {
			sql.append(" AND status = ?");
		}
		if (query.target() != null) {
			sql.append(" AND target = ?");
		}
		if (query.eventType() != null) {
			sql.append(" AND event_type = ?");
		}
		if (query.createdAfter() != null) {
			sql.append(" AND created_at >= ?");
		}
		sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
		return withConnection("find deliveries", (connection, dialect) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
				int index = 1;
				if (query.status() != null) {
					statement.setString(index++, query.status().name());
				}
				if (query.target() != null) {
					statement.setString(index++, query.target());
				}
				if (query.eventType() != null) {
					statement.setString(index++, query.eventType());
				}
				if (query.createdAfter() != null) {
					dialect.instants().bind(statement, index++, query.createdAfter());
				}
				statement.setInt(index, query.limit());
				return readDeliveries(statement, dialect);
			}
		});
	}

	@Override
	public int retry(DeliverySelection selection, Instant now) {
		String statuses = statuses("retry", selection, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED);
		Instant at = InstantColumns.truncate(now);
		return updateSelected("retry deliveries", RETRY + statuses, selection, (statement, instants) -> {
			instants.bind(statement, 1, at);
			instants.bind(statement, 2, at);
			return 3;
		});
	}

	@Override
	public int sendNow(DeliverySelection selection, Instant now) {
		String statuses = statuses("send now", selection, DeliveryStatus.PENDING);
		Instant at = InstantColumns.truncate(now);
		return updateSelected("send deliveries now", SEND_NOW + statuses, selection, (statement, instants) -> {
			instants.bind(statement, 1, at);
			instants.bind(statement, 2, at);
			instants.bind(statement, 3, at);
			return 4;
		});
	}

	@Override
	public int cancel(DeliverySelection selection, Instant now) {
		String statuses = statuses("cancel", selection, DeliveryStatus.PENDING);
		Instant at = InstantColumns.truncate(now);
		return updateSelected("cancel deliveries", CANCEL + statuses, selection, (statement, instants) -> {
			instants.bind(statement, 1, at);
			instants.bind(statement, 2, at);
			return 3;
		});
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
		if (selection.createdSince() != null) {
			filters.append(" AND created_at >= ?");
		}
		List<String> ids = List.copyOf(new LinkedHashSet<>(selection.ids()));
		List<List<String>> chunks = ids.isEmpty() ? List.of(List.of()) : chunks(ids);
		return inTransaction(operation, (dialect) -> chunks.size() == 1, (connection, dialect) -> {
			int updated = 0;
			for (List<String> chunk : chunks) {
				String statementSql = chunk.isEmpty() ? filters.toString()
						: filters + " AND id IN " + placeholders(chunk);
				try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
					int index = parameters.bind(statement, dialect.instants());
					if (selection.target() != null) {
						statement.setString(index++, selection.target());
					}
					if (selection.entityType() != null) {
						statement.setString(index++, selection.entityType());
					}
					if (selection.createdSince() != null) {
						dialect.instants().bind(statement, index++, selection.createdSince());
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
	public Map<DeliveryStatus, Long> countByStatus(@Nullable Instant createdSince) {
		return withConnection("count deliveries by status",
				(connection, dialect) -> countByStatus(connection, dialect, createdSince));
	}

	private static Map<DeliveryStatus, Long> countByStatus(Connection connection, Dialect dialect,
			@Nullable Instant createdSince) throws SQLException {
		String sql = "SELECT status, COUNT(*) FROM webhooks_deliveries"
				+ ((createdSince != null) ? " WHERE created_at >= ?" : "") + " GROUP BY status";
		Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
		for (DeliveryStatus status : DeliveryStatus.values()) {
			counts.put(status, 0L);
		}
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			if (createdSince != null) {
				dialect.instants().bind(statement, 1, createdSince);
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
	public int purgeFinished(Instant completedBefore, int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, got " + limit);
		}
		// ids first, then one delete by id: the same two statements on every database, each lock held briefly
		List<String> ids = withConnection("find finished deliveries to purge", (connection, dialect) -> {
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
		return updateByIds("purge finished deliveries", PURGE, ids, (statement, instants) -> {
			instants.bind(statement, 1, completedBefore);
			return 2;
		});
	}

	@Override
	public OutboxStats stats(Instant failingSince, int maxFailingTargets) {
		return withConnection("read outbox statistics", (connection, dialect) -> {
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

	private static List<OutboxStats.FailingTarget> failingTargets(Connection connection, Dialect dialect,
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
					targets.add(new OutboxStats.FailingTarget(resultSet.getString(1), resultSet.getLong(2),
							dialect.instants().readRequired(resultSet, 3), null));
				}
			}
		}
		List<OutboxStats.FailingTarget> withErrors = new ArrayList<>(targets.size());
		try (PreparedStatement statement = connection.prepareStatement("SELECT last_error FROM webhooks_deliveries "
				+ "WHERE target = ? AND " + FAILING + " ORDER BY updated_at DESC LIMIT 1")) {
			for (OutboxStats.FailingTarget target : targets) {
				statement.setString(1, target.target());
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

	@Override
	public void recordTargetAttempt(String target, boolean succeeded, Instant at) {
		Objects.requireNonNull(target, "target");
		withConnection("record an attempt of target '" + target + "'", (connection, dialect) -> {
			if (succeeded) {
				// a success ends the failing period; a disabled target stays disabled until enabled
				try (PreparedStatement statement = connection
					.prepareStatement("DELETE FROM webhooks_target_states WHERE target = ? AND disabled_at IS NULL")) {
					statement.setString(1, target);
					statement.executeUpdate();
				}
				return null;
			}
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT 1 FROM webhooks_target_states WHERE target = ?")) {
				statement.setString(1, target);
				try (ResultSet resultSet = statement.executeQuery()) {
					if (resultSet.next()) {
						return null;
					}
				}
			}
			try (PreparedStatement statement = connection.prepareStatement(
					"INSERT INTO webhooks_target_states (target, failing_since, updated_at) VALUES (?, ?, ?)")) {
				statement.setString(1, target);
				dialect.instants().bind(statement, 2, at);
				dialect.instants().bind(statement, 3, at);
				statement.executeUpdate();
			}
			catch (SQLException ex) {
				// another instance recorded the first failure at the same moment: its time stands
				if (ex.getSQLState() == null || !ex.getSQLState().startsWith("23")) {
					throw ex;
				}
			}
			return null;
		});
	}

	@Override
	public List<String> disableFailingTargets(Instant failingBefore, Instant now) {
		return inTransaction("disable failing targets", (dialect) -> false, (connection, dialect) -> {
			List<String> targets = new ArrayList<>();
			try (PreparedStatement statement = connection.prepareStatement("SELECT target FROM webhooks_target_states "
					+ "WHERE failing_since <= ? AND disabled_at IS NULL ORDER BY target")) {
				dialect.instants().bind(statement, 1, failingBefore);
				try (ResultSet resultSet = statement.executeQuery()) {
					while (resultSet.next()) {
						targets.add(resultSet.getString(1));
					}
				}
			}
			List<String> disabled = new ArrayList<>();
			try (PreparedStatement statement = connection.prepareStatement("UPDATE webhooks_target_states "
					+ "SET disabled_at = ?, updated_at = ? WHERE target = ? AND disabled_at IS NULL")) {
				for (String target : targets) {
					dialect.instants().bind(statement, 1, now);
					dialect.instants().bind(statement, 2, now);
					statement.setString(3, target);
					if (statement.executeUpdate() > 0) {
						disabled.add(target);
					}
				}
			}
			return disabled;
		});
	}

	@Override
	public int parkDisabledTargets(Instant now) {
		List<String> targets = List.copyOf(disabledTargets().keySet());
		if (targets.isEmpty()) {
			return 0;
		}
		// one target at a time, through the target index: never a scan of every pending row
		return inTransaction("park the deliveries of disabled targets", (dialect) -> false, (connection, dialect) -> {
			int parked = 0;
			try (PreparedStatement statement = connection.prepareStatement("UPDATE webhooks_deliveries "
					+ "SET next_attempt_at = ?, updated_at = ? WHERE target = ? AND status = 'PENDING' "
					+ "AND next_attempt_at < ?")) {
				for (String target : targets) {
					dialect.instants().bind(statement, 1, PARKED_UNTIL);
					dialect.instants().bind(statement, 2, now);
					statement.setString(3, target);
					dialect.instants().bind(statement, 4, PARKED_UNTIL);
					parked += statement.executeUpdate();
				}
			}
			return parked;
		});
	}

	@Override
	public Map<String, Instant> disabledTargets() {
		return withConnection("read disabled targets", (connection, dialect) -> {
			Map<String, Instant> disabled = new LinkedHashMap<>();
			try (PreparedStatement statement = connection.prepareStatement("SELECT target, disabled_at "
					+ "FROM webhooks_target_states WHERE disabled_at IS NOT NULL ORDER BY target")) {
				try (ResultSet resultSet = statement.executeQuery()) {
					while (resultSet.next()) {
						disabled.put(resultSet.getString(1), dialect.instants().readRequired(resultSet, 2));
					}
				}
			}
			return disabled;
		});
	}

	@Override
	public int enableTarget(String target, Instant now) {
		Objects.requireNonNull(target, "target");
		return inTransaction("enable target '" + target + "'", (dialect) -> false, (connection, dialect) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("DELETE FROM webhooks_target_states WHERE target = ? AND disabled_at IS NOT NULL")) {
				statement.setString(1, target);
				if (statement.executeUpdate() == 0) {
					return -1;
				}
			}
			try (PreparedStatement statement = connection.prepareStatement("UPDATE webhooks_deliveries "
					+ "SET next_attempt_at = ?, updated_at = ? WHERE target = ? AND status = 'PENDING' "
					+ "AND next_attempt_at >= ?")) {
				Instant at = InstantColumns.truncate(now);
				dialect.instants().bind(statement, 1, at);
				dialect.instants().bind(statement, 2, at);
				statement.setString(3, target);
				dialect.instants().bind(statement, 4, PARKED_UNTIL);
				return statement.executeUpdate();
			}
		});
	}

	@Override
	public long count(DeliveryStatus status) {
		return withConnection("count " + status + " deliveries", (connection, dialect) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT COUNT(*) FROM webhooks_deliveries WHERE status = ?")) {
				statement.setString(1, status.name());
				try (ResultSet resultSet = statement.executeQuery()) {
					resultSet.next();
					return resultSet.getLong(1);
				}
			}
		});
	}

	private List<Delivery> findAll(Connection connection, Dialect dialect, List<String> ids) throws SQLException {
		List<Delivery> deliveries = new ArrayList<>(ids.size());
		for (List<String> chunk : chunks(ids)) {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT " + COLUMNS + " FROM webhooks_deliveries WHERE id IN " + placeholders(chunk))) {
				for (int i = 0; i < chunk.size(); i++) {
					statement.setString(i + 1, chunk.get(i));
				}
				deliveries.addAll(readDeliveries(statement, dialect));
			}
		}
		return deliveries;
	}

	private List<Delivery> readDeliveries(PreparedStatement statement, Dialect dialect) throws SQLException {
		List<Delivery> deliveries = new ArrayList<>();
		InstantColumns instants = dialect.instants();
		try (ResultSet resultSet = statement.executeQuery()) {
			while (resultSet.next()) {
				String id = resultSet.getString(1);
				deliveries.add(new Delivery(id, resultSet.getString(2), resultSet.getString(3),
						resultSet.getString(4), readHeaders(id, resultSet.getString(5)), resultSet.getString(6),
						resultSet.getString(7), resultSet.getString(8), resultSet.getString(9),
						DeliveryStatus.valueOf(resultSet.getString(10)), resultSet.getInt(11),
						instants.readRequired(resultSet, 12), resultSet.getString(13), instants.read(resultSet, 14),
						getInteger(resultSet, 15), resultSet.getString(16), instants.readRequired(resultSet, 17),
						instants.readRequired(resultSet, 18), instants.read(resultSet, 19)));
			}
		}
		return deliveries;
	}

	private String writeHeaders(Map<String, String> headers) {
		return headers.isEmpty() ? EMPTY_HEADERS : this.jsonMapper.writeValueAsString(headers);
	}

	private Map<String, String> readHeaders(String id, String json) {
		if (EMPTY_HEADERS.equals(json)) {
			return Map.of();
		}
		try {
			return this.headersReader.readValue(json);
		}
		catch (JacksonException ex) {
			throw new DeliveryStoreException(
					"Delivery " + id + " has headers that are not a JSON object of strings: " + ex.getOriginalMessage(),
					ex);
		}
	}

	/**
	 * Runs a batch and tells which statements changed a row. Where the driver withholds the counts (e.g. MariaDB with
	 * {@code useBulkStmts}), the batch is rolled back and repeated one statement at a time, so it must be the first
	 * write of its transaction.
	 */
	private static <T> boolean[] executeCounted(Connection connection, PreparedStatement statement, List<T> items,
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

	/**
	 * Runs work in a transaction on a connection of its own, restoring auto-commit afterwards. Work that is a single
	 * statement runs as it is where the connection auto-commits, saving the round trip of a commit.
	 */
	private <T> T inTransaction(String operation, Predicate<Dialect> singleStatement, Work<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			Dialect dialect = dialect(connection);
			boolean autoCommit = connection.getAutoCommit();
			if (autoCommit && singleStatement.test(dialect)) {
				return work.run(connection, dialect);
			}
			if (autoCommit) {
				connection.setAutoCommit(false);
			}
			try {
				T result = work.run(connection, dialect);
				connection.commit();
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				rollback(connection, ex);
				throw ex;
			}
			finally {
				if (autoCommit) {
					connection.setAutoCommit(true);
				}
			}
		}
		catch (SQLException ex) {
			throw failure(operation, ex);
		}
	}

	private <T> T withConnection(String operation, Work<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			return work.run(connection, dialect(connection));
		}
		catch (SQLException ex) {
			throw failure(operation, ex);
		}
	}

	private static void rollback(Connection connection, Exception failure) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			failure.addSuppressed(ex);
		}
	}

	private Dialect dialect(Connection connection) throws SQLException {
		Dialect dialect = this.dialect;
		if (dialect == null) {
			dialect = Dialect.of(connection);
			this.dialect = dialect;
		}
		return dialect;
	}

	private static DeliveryStoreException failure(String operation, SQLException ex) {
		return new DeliveryStoreException("Could not " + operation + ": " + ex.getMessage(), ex);
	}

	/** Cuts text to at most {@code max} characters, never between the two halves of a surrogate pair. */
	static @Nullable String cap(@Nullable String text, int max) {
		if (text == null || text.length() <= max) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
		return text.substring(0, end);
	}

	private static void setInteger(PreparedStatement statement, int index, @Nullable Integer value)
			throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.INTEGER);
		}
		else {
			statement.setInt(index, value);
		}
	}

	private static @Nullable Integer getInteger(ResultSet resultSet, int index) throws SQLException {
		int value = resultSet.getInt(index);
		return resultSet.wasNull() ? null : value;
	}

	private static List<List<String>> chunks(List<String> ids) {
		if (ids.size() <= MAX_IN_LIST) {
			return List.of(ids);
		}
		List<List<String>> chunks = new ArrayList<>();
		for (int start = 0; start < ids.size(); start += MAX_IN_LIST) {
			chunks.add(ids.subList(start, Math.min(ids.size(), start + MAX_IN_LIST)));
		}
		return chunks;
	}

	private static String placeholders(List<String> ids) {
		StringBuilder sql = new StringBuilder(ids.size() * 3 + 2).append('(');
		for (int i = 0; i < ids.size(); i++) {
			sql.append((i > 0) ? ", ?" : "?");
		}
		return sql.append(')').toString();
	}

	@Override
	public List<Delivery> search(DeliverySearch search) {
		if (search.limit() == 0) {
			return List.of();
		}
		StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM webhooks_deliveries WHERE 1 = 1");
		List<Object> values = new ArrayList<>();
		if (search.status() != null) {
			sql.append(" AND status = ?");
			values.add(search.status().name());
		}
		if (search.target() != null) {
			sql.append(" AND target = ?");
			values.add(search.target());
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
		return withConnection("search deliveries", (connection, dialect) -> {
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
				return readDeliveries(statement, dialect);
			}
		});
	}

	@Override
	public List<DeliveriesPerMinute> countPerMinute(Instant createdSince) {
		return withConnection("count deliveries per minute", (connection, dialect) -> {
			DatabaseVendor vendor = DatabaseVendor.of(connection.getMetaData());
			// the minute as UTC text on every database, so no session time zone takes part
			String minute = switch (vendor) {
				case POSTGRESQL -> "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI')";
				case H2 -> "FORMATDATETIME(created_at, 'yyyy-MM-dd''T''HH:mm', 'en', 'UTC')";
				case MARIADB, MYSQL -> "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i')";
			};
			String sql = "SELECT " + minute + " AS minute_start, COUNT(*) FROM webhooks_deliveries "
					+ "WHERE created_at >= ? GROUP BY " + minute + " ORDER BY minute_start";
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				dialect.instants().bind(statement, 1, createdSince);
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
	public int replay(DeliverySelection selection, Instant now) {
		String statuses = statuses("replay", selection, DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED,
				DeliveryStatus.CANCELLED);
		Instant at = InstantColumns.truncate(now);
		return updateSelected("replay deliveries", RETRY + statuses, selection, (statement, instants) -> {
			instants.bind(statement, 1, at);
			instants.bind(statement, 2, at);
			return 3;
		});
	}

	/** How this database claims rows. */
	private enum ClaimStyle {

		/** {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING}: one round trip. */
		UPDATE_RETURNING,

		/** {@code SELECT ... FOR UPDATE SKIP LOCKED}, then update and read back in the same transaction. */
		LOCK_THEN_UPDATE,

		/** Unlocked candidates, each taken by an update that checks it is still due. */
		COMPARE_AND_SET

	}

	private record Dialect(ClaimStyle claims, InstantColumns instants) {

		static Dialect of(Connection connection) throws SQLException {
			DatabaseVendor vendor = DatabaseVendor.of(connection.getMetaData());
			ClaimStyle claims;
			if (!vendor.supportsSkipLocked(connection.getMetaData())) {
				claims = ClaimStyle.COMPARE_AND_SET;
			}
			else {
				claims = (vendor == DatabaseVendor.POSTGRESQL) ? ClaimStyle.UPDATE_RETURNING
						: ClaimStyle.LOCK_THEN_UPDATE;
			}
			return new Dialect(claims, InstantColumns.of(vendor));
		}

	}

	private record Claim(String owner, Instant now, Instant leaseExpiresAt, int limit) {

		Claim withLimit(int limit) {
			return new Claim(this.owner, this.now, this.leaseExpiresAt, limit);
		}

	}

	private record Candidate(String id, Instant nextAttemptAt) {

	}

	@FunctionalInterface
	private interface Work<T> {

		T run(Connection connection, Dialect dialect) throws SQLException;

	}

	@FunctionalInterface
	private interface Binder<T> {

		void bind(PreparedStatement statement, T item) throws SQLException;

	}

	@FunctionalInterface
	private interface LeadingParameters {

		/** Binds the parameters before the IN list and returns the index of the first id. */
		int bind(PreparedStatement statement, InstantColumns instants) throws SQLException;

	}

}
