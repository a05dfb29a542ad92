package dev.webhooks.delivery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Set;

import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.OutboxException;
import dev.webhooks.jdbc.InstantColumns;

/**
 * The leases on {@code webhooks_deliveries}, with each attempt recorded in {@code webhooks_delivery_attempts}.
 * <p>
 * Claims use {@code FOR UPDATE SKIP LOCKED} where the database has it, so dispatchers never wait for each other; on
 * PostgreSQL a claim is a single statement, in a transaction that keeps its plan on the due index. Elsewhere (H2,
 * MariaDB before 10.6) each candidate is taken with a conditional update, so two dispatchers can still never claim
 * the same delivery. Completions and releases find their rows by primary key only: a lease owner is set only while a
 * delivery is {@code IN_FLIGHT}, so the owner alone proves the status, and no index on the status can be chosen for
 * them.
 * <p>
 * Ordered deliveries (those with an ordering key) are claimed one lane at a time: only the earliest unfinished row of
 * a (target, ordering key) lane, by {@code write_sequence}, is ever claimable ({@link #LANE_HEAD}). The check reads
 * committed statuses, never locks, so a dispatcher that skips a lane's head locked by another one still sees it
 * unfinished and leaves the rest of the lane alone.
 */
public final class JdbcDeliveryLeases implements DeliveryLeases {

	/** Due now; a row with an expired lease is always past its next attempt time, which lets one index serve both. */
	private static final String DUE = "next_attempt_at <= ? AND (status = 'PENDING' "
			+ "OR (status = 'IN_FLIGHT' AND lease_expires_at <= ?))";

	/**
	 * Only the head of a lane: a row with an ordering key is claimable only when no earlier row of its (target,
	 * ordering key) lane is unfinished. An expired lease leaves its row {@code IN_FLIGHT}, so a later row never
	 * overtakes a crashed attempt. Rows without a key stop at the first test and never reach the lane index.
	 */
	static final String LANE_HEAD = "(ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM webhooks_deliveries earlier "
			+ "WHERE earlier.ordering_key = webhooks_deliveries.ordering_key "
			+ "AND earlier.target = webhooks_deliveries.target AND earlier.status IN ('PENDING', 'IN_FLIGHT') "
			+ "AND earlier.write_sequence < webhooks_deliveries.write_sequence))";

	/**
	 * {@link #LANE_HEAD} for PostgreSQL: the lane's least unfinished sequence is read from the front of its partial
	 * index, which the planner keeps choosing even when one lane holds many rows (with {@code NOT EXISTS} it then
	 * preferred an index that made each check walk the whole lane).
	 */
	static final String LANE_HEAD_BY_MINIMUM = "(ordering_key IS NULL OR write_sequence = (SELECT "
			+ "MIN(earlier.write_sequence) FROM webhooks_deliveries earlier "
			+ "WHERE earlier.ordering_key = webhooks_deliveries.ordering_key "
			+ "AND earlier.target = webhooks_deliveries.target AND earlier.status IN ('PENDING', 'IN_FLIGHT')))";

	private static final String TAKE = "UPDATE webhooks_deliveries SET status = 'IN_FLIGHT', lease_owner = ?, "
			+ "lease_expires_at = ?, attempt_count = attempt_count + 1, updated_at = ? WHERE ";

	/**
	 * The picked ids are taken as an array, so the update finds its rows by primary key whatever the plan: a generic
	 * plan of {@code id IN (SELECT ... LIMIT ?)} guesses hundreds of rows for the unknown limit and may hash-join a
	 * scan of the whole table instead (17 ms against 6 ms on 20,000 rows under {@code EXPLAIN ANALYZE}).
	 */
	static String claimReturning(String skipping) {
		return TAKE + "id = ANY (ARRAY(SELECT id FROM webhooks_deliveries WHERE " + DUE + skipping + " AND "
				+ LANE_HEAD_BY_MINIMUM + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)) RETURNING "
				+ DeliveryRows.COLUMNS;
	}

	// the lane check is part of the update, so it is decided on the row as it is when taken
	private static final String CLAIM_IF_DUE = TAKE + "id = ? AND " + DUE + " AND " + LANE_HEAD;

	/** Followed by the claim's skipped targets, if any, and {@link #CANDIDATES_ORDER}. */
	private static final String PENDING_CANDIDATES = "SELECT id, next_attempt_at, ordering_key FROM webhooks_deliveries "
			+ "WHERE status = 'PENDING' AND next_attempt_at <= ? AND " + LANE_HEAD;

	private static final String EXPIRED_CANDIDATES = "SELECT id, next_attempt_at, ordering_key FROM webhooks_deliveries "
			+ "WHERE status = 'IN_FLIGHT' AND lease_expires_at <= ? AND " + LANE_HEAD;

	private static final String CANDIDATES_ORDER = " ORDER BY next_attempt_at, id LIMIT ?";

	/** Which of the locked candidates an earlier unfinished row of their lane now holds back. */
	private static final String NOT_LANE_HEADS = "SELECT id FROM webhooks_deliveries WHERE NOT " + LANE_HEAD
			+ " AND id IN ";

	private static final String SKIP_LOCKED = " FOR UPDATE SKIP LOCKED";

	static final String COMPLETE = "UPDATE webhooks_deliveries SET status = ?, attempt_count = attempt_count - ?, "
			+ "next_attempt_at = COALESCE(?, next_attempt_at), last_status_code = ?, last_error = ?, "
			+ "lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, completed_at = ? "
			+ "WHERE id = ? AND lease_owner = ?";

	private static final String INSERT_ATTEMPT = "INSERT INTO webhooks_delivery_attempts (delivery_id, attempt_number, "
			+ "started_at, duration_ms, status_code, response_excerpt, error) VALUES (?, ?, ?, ?, ?, ?, ?)";

	static final String RELEASE = "UPDATE webhooks_deliveries SET status = 'PENDING', next_attempt_at = ?, "
			+ "attempt_count = attempt_count - 1, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? "
			+ "WHERE lease_owner = ? AND id IN ";

	private static final String HELD = "SELECT id, lease_owner FROM webhooks_deliveries WHERE status = 'IN_FLIGHT' "
			+ "AND id IN ";

	/** Through the target index: a target's unfinished rows, never a scan of the due ones of every target. */
	static final String DEFER_TARGET = "UPDATE webhooks_deliveries SET next_attempt_at = ?, updated_at = ? "
			+ "WHERE target = ? AND status = 'PENDING' AND next_attempt_at < ?";

	/**
	 * On MariaDB and MySQL, two claims can deadlock on the status and lease index entries of rows they take;
	 * the loser is rolled back and tried again this many times in all.
	 */
	private static final int MAX_DEADLOCK_RETRIES = 3;

	/** The most targets one claim leaves alone; past that, the lanes defer what they cannot take. */
	private static final int MAX_SKIPPED_TARGETS = 100;

	/** Claims that lost every candidate to another dispatcher look again this often before giving up. */
	private static final int MAX_CLAIM_ROUNDS = 3;

	private final OutboxConnections connections;

	private final DeliveryRows rows;

	/**
	 * Creates the leases on the tables of {@link dev.webhooks.jdbc.WebhooksSchema}.
	 * @param dataSource where claims, completions and releases get their connections
	 * @param jsonMapper reads the extra headers of claimed deliveries
	 */
	public JdbcDeliveryLeases(DataSource dataSource, JsonMapper jsonMapper) {
		this.connections = new OutboxConnections(dataSource);
		this.rows = new DeliveryRows(jsonMapper);
	}

	@Override
	public List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit) {
		return claim(leaseOwner, now, lease, limit, Set.of());
	}

	@Override
	public List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit, Set<Target> skipped) {
		Objects.requireNonNull(leaseOwner, "leaseOwner");
		if (lease.isNegative()) {
			throw new IllegalArgumentException("lease must not be negative, got " + lease);
		}
		if (limit <= 0) {
			return List.of();
		}
		// a handful of targets at most, and never so many that the statement grows past what one claim can carry
		List<String> skippedTargets = skipped.stream().map(Target::value).sorted().limit(MAX_SKIPPED_TARGETS).toList();
		Claim claim = new Claim(leaseOwner, InstantColumns.truncate(now), InstantColumns.truncate(now.plus(lease)),
				limit, skippedTargets);
		for (int attempt = 1;; attempt++) {
			try {
				return claim(claim);
			}
			catch (OutboxException ex) {
				// a claim that lost a deadlock was rolled back whole: nothing was taken, so it can simply run again
				if (attempt == MAX_DEADLOCK_RETRIES || !(ex.getCause() instanceof SQLTransactionRollbackException)) {
					throw ex;
				}
			}
		}
	}

	private List<Delivery> claim(Claim claim) {
		String leaseOwner = claim.owner();
		return this.connections.inTransaction("claim deliveries for " + leaseOwner, (connection, dialect) -> {
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

	/**
	 * PostgreSQL: one statement picks, locks, updates and returns the rows. It must walk the due index in order and
	 * stop at the limit; planned freely, it may instead read every due row through a bitmap of the due and status
	 * indexes and sort them, which costs the whole backlog and every dead index entry on each claim. The planner
	 * takes that plan whenever it believes few rows are due: on a table not analyzed since it filled, or when the
	 * lane check's estimate is small (its subquery is costed for every row, although rows without an ordering key
	 * never run it). Sorting is disabled for the claim's transaction alone, which leaves the ordered walk.
	 */
	private List<Delivery> claimReturning(Connection connection, OutboxDialect dialect, Claim claim) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET LOCAL enable_sort = off");
		}
		try (PreparedStatement statement = connection.prepareStatement(claimReturning(claim.skipping()))) {
			int index = bindTake(statement, dialect, claim);
			dialect.instants().bind(statement, index++, claim.now());
			dialect.instants().bind(statement, index++, claim.now());
			index = claim.bindSkipped(statement, index);
			statement.setInt(index, claim.limit());
			return this.rows.read(statement, dialect);
		}
	}

	/** MariaDB and MySQL: lock the due ids, skipping rows other dispatchers hold, then update and read them back. */
	private List<Delivery> claimLocked(Connection connection, OutboxDialect dialect, Claim claim) throws SQLException {
		// read committed takes no gap locks: a claim must not hold up the application's inserts of new deliveries
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
		}
		List<Candidate> locked = candidates(connection, dialect, claim, SKIP_LOCKED);
		List<String> ids = laneHeads(connection, locked);
		if (ids.isEmpty()) {
			return new ArrayList<>();
		}
		for (List<String> chunk : DeliveryRows.chunks(ids)) {
			try (PreparedStatement statement = connection.prepareStatement(TAKE + "id IN " + DeliveryRows.placeholders(chunk))) {
				int index = bindTake(statement, dialect, claim);
				for (String id : chunk) {
					statement.setString(index++, id);
				}
				statement.executeUpdate();
			}
		}
		return this.rows.findAll(connection, dialect, ids);
	}

	/**
	 * Without row locks that can be skipped, candidates are read without locks and each one is taken only if it is
	 * still due when updated: the update count says whether this dispatcher won it.
	 */
	private List<Delivery> claimIfStillDue(Connection connection, OutboxDialect dialect, Claim claim) throws SQLException {
		List<String> won = new ArrayList<>();
		for (int round = 0; round < MAX_CLAIM_ROUNDS && won.size() < claim.limit(); round++) {
			int wanted = claim.limit() - won.size();
			List<String> candidates = candidates(connection, dialect, claim.withLimit(wanted), "").stream()
				.map(Candidate::id)
				.toList();
			if (candidates.isEmpty()) {
				break;
			}
			boolean[] taken;
			try (PreparedStatement statement = connection.prepareStatement(CLAIM_IF_DUE)) {
				taken = DeliveryRows.executeCounted(connection, statement, candidates, (bound, id) -> {
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
		return won.isEmpty() ? new ArrayList<>() : this.rows.findAll(connection, dialect, won);
	}

	/** Due lane heads, oldest first: pending rows and rows whose lease expired, each read through its own index. */
	private List<Candidate> candidates(Connection connection, OutboxDialect dialect, Claim claim, String lock)
			throws SQLException {
		List<Candidate> candidates = new ArrayList<>();
		for (String sql : List.of(PENDING_CANDIDATES, EXPIRED_CANDIDATES)) {
			try (PreparedStatement statement = connection
				.prepareStatement(sql + claim.skipping() + CANDIDATES_ORDER + lock)) {
				dialect.instants().bind(statement, 1, claim.now());
				statement.setInt(claim.bindSkipped(statement, 2), claim.limit());
				try (ResultSet resultSet = statement.executeQuery()) {
					while (resultSet.next()) {
						candidates.add(new Candidate(resultSet.getString(1),
								dialect.instants().readRequired(resultSet, 2), resultSet.getString(3) != null));
					}
				}
			}
		}
		return candidates.stream()
			.sorted(Comparator.comparing(Candidate::nextAttemptAt).thenComparing(Candidate::id))
			.limit(claim.limit())
			.toList();
	}

	/**
	 * The lane check of ordered candidates again, now that they are locked, by a plain read of the committed rows: a
	 * locking read may skip the earlier row of a lane while another dispatcher holds it, and must not take that for
	 * a finished row. Unordered candidates are taken as they are.
	 */
	private static List<String> laneHeads(Connection connection, List<Candidate> locked) throws SQLException {
		List<String> ordered = locked.stream().filter(Candidate::ordered).map(Candidate::id).toList();
		Set<String> heldBack = new HashSet<>();
		for (List<String> chunk : DeliveryRows.chunks(ordered)) {
			if (chunk.isEmpty()) {
				continue;
			}
			try (PreparedStatement statement = connection
				.prepareStatement(NOT_LANE_HEADS + DeliveryRows.placeholders(chunk))) {
				for (int i = 0; i < chunk.size(); i++) {
					statement.setString(i + 1, chunk.get(i));
				}
				try (ResultSet resultSet = statement.executeQuery()) {
					while (resultSet.next()) {
						heldBack.add(resultSet.getString(1));
					}
				}
			}
		}
		return locked.stream().map(Candidate::id).filter((id) -> !heldBack.contains(id)).toList();
	}

	private static int bindTake(PreparedStatement statement, OutboxDialect dialect, Claim claim) throws SQLException {
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
		return this.connections.inTransaction("complete " + outcomes.size() + " deliveries", (connection, dialect) -> {
			InstantColumns instants = dialect.instants();
			boolean[] updated;
			// the delivery updates come first: an attempt is recorded only where its owner still held the lease
			try (PreparedStatement statement = connection.prepareStatement(COMPLETE)) {
				updated = DeliveryRows.executeCounted(connection, statement, ordered, (bound, outcome) -> {
					DeliveryAttempt attempt = outcome.attempt();
					boolean retry = outcome.status() == DeliveryStatus.PENDING;
					Instant nextAttemptAt = (outcome.nextAttemptAt() != null) ? outcome.nextAttemptAt() : completedAt;
					bound.setString(1, outcome.status().name());
					// an attempt that does not count gives back the one its claim took
					bound.setInt(2, outcome.countsAttempt() ? 0 : 1);
					instants.bind(bound, 3, retry ? nextAttemptAt : null);
					DeliveryRows.setInteger(bound, 4, attempt.statusCode());
					bound.setString(5, DeliveryRows.cap(attempt.error(), DeliveryAttempt.MAX_ERROR));
					instants.bind(bound, 6, completedAt);
					instants.bind(bound, 7, retry ? null : completedAt);
					bound.setString(8, outcome.deliveryId());
					bound.setString(9, outcome.leaseOwner());
				});
			}
			int count = 0;
			try (PreparedStatement statement = connection.prepareStatement(INSERT_ATTEMPT)) {
				for (int i = 0; i < updated.length; i++) {
					if (updated[i]) {
						bindAttempt(statement, instants, ordered.get(i).attempt());
						statement.addBatch();
						if (++count % DeliveryRows.MAX_BATCH == 0) {
							statement.executeBatch();
						}
					}
				}
				if (count % DeliveryRows.MAX_BATCH != 0) {
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
		DeliveryRows.setInteger(statement, 5, attempt.statusCode());
		statement.setString(6, DeliveryRows.cap(attempt.responseExcerpt(), DeliveryAttempt.MAX_RESPONSE_EXCERPT));
		statement.setString(7, DeliveryRows.cap(attempt.error(), DeliveryAttempt.MAX_ERROR));
	}

	@Override
	public int release(String leaseOwner, Collection<String> deliveryIds, Instant now) {
		Objects.requireNonNull(leaseOwner, "leaseOwner");
		return DeliveryRows.updateByIds(this.connections, "release deliveries of " + leaseOwner, RELEASE, deliveryIds,
				(statement, instants) -> {
					instants.bind(statement, 1, now);
					instants.bind(statement, 2, now);
					statement.setString(3, leaseOwner);
					return 4;
				});
	}

	@Override
	public int defer(String leaseOwner, Map<String, Instant> dueAtById, Instant now) {
		Objects.requireNonNull(leaseOwner, "leaseOwner");
		if (dueAtById.isEmpty()) {
			return 0;
		}
		// one statement per due time (deferrals share rounded times), all in one transaction
		Map<Instant, List<String>> byDueAt = new TreeMap<>();
		dueAtById.forEach((id, dueAt) -> byDueAt.computeIfAbsent(InstantColumns.truncate(dueAt),
				(key) -> new ArrayList<>()).add(id));
		Instant updatedAt = InstantColumns.truncate(now);
		return this.connections.inTransaction("defer deliveries of " + leaseOwner, (connection, dialect) -> {
			int deferred = 0;
			for (Map.Entry<Instant, List<String>> group : byDueAt.entrySet()) {
				for (List<String> chunk : DeliveryRows.chunks(group.getValue())) {
					try (PreparedStatement statement = connection
						.prepareStatement(RELEASE + DeliveryRows.placeholders(chunk))) {
						dialect.instants().bind(statement, 1, group.getKey());
						dialect.instants().bind(statement, 2, updatedAt);
						statement.setString(3, leaseOwner);
						int index = 4;
						for (String id : chunk) {
							statement.setString(index++, id);
						}
						deferred += statement.executeUpdate();
					}
				}
			}
			return deferred;
		});
	}

	@Override
	public Set<String> held(Map<String, String> leaseOwnerById) {
		if (leaseOwnerById.isEmpty()) {
			return Set.of();
		}
		// a read of committed rows, usually one statement: no transaction of its own, so no commit round trip
		return this.connections.withConnection("check the leases of " + leaseOwnerById.size() + " deliveries",
				(connection, dialect) -> {
					Set<String> held = new HashSet<>();
					for (List<String> chunk : DeliveryRows.chunks(new ArrayList<>(leaseOwnerById.keySet()))) {
						try (PreparedStatement statement = connection.prepareStatement(HELD + DeliveryRows.placeholders(chunk))) {
							int index = 1;
							for (String id : chunk) {
								statement.setString(index++, id);
							}
							try (ResultSet rows = statement.executeQuery()) {
								while (rows.next()) {
									String id = rows.getString(1);
									if (rows.getString(2).equals(leaseOwnerById.get(id))) {
										held.add(id);
									}
								}
							}
						}
					}
					return held;
				});
	}

	@Override
	public int deferTarget(Target target, Instant dueAt, Instant now) {
		Objects.requireNonNull(target, "target");
		Instant due = InstantColumns.truncate(dueAt);
		return this.connections.inTransaction("defer the deliveries of target '" + target + "'",
				(connection, dialect) -> {
					try (PreparedStatement statement = connection.prepareStatement(DEFER_TARGET)) {
						dialect.instants().bind(statement, 1, due);
						dialect.instants().bind(statement, 2, InstantColumns.truncate(now));
						statement.setString(3, target.value());
						dialect.instants().bind(statement, 4, due);
						return statement.executeUpdate();
					}
				});
	}

	private record Claim(String owner, Instant now, Instant leaseExpiresAt, int limit, List<String> skippedTargets) {

		Claim withLimit(int limit) {
			return new Claim(this.owner, this.now, this.leaseExpiresAt, limit, this.skippedTargets);
		}

		/** The condition leaving the skipped targets' rows alone, or nothing. */
		String skipping() {
			return this.skippedTargets.isEmpty() ? ""
					: " AND target NOT IN " + DeliveryRows.placeholders(this.skippedTargets);
		}

		int bindSkipped(PreparedStatement statement, int index) throws SQLException {
			for (String target : this.skippedTargets) {
				statement.setString(index++, target);
			}
			return index;
		}

	}

	private record Candidate(String id, Instant nextAttemptAt, boolean ordered) {

	}

}
