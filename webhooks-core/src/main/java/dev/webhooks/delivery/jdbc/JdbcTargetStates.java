package dev.webhooks.delivery.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import javax.sql.DataSource;

import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.jdbc.InstantColumns;

/**
 * Target states in {@code webhooks_target_states}: a row per failing or disabled target. Attempts are recorded
 * idempotently (an insert that keeps an existing row, a delete), so dispatchers recording the same target at once
 * neither fail on the primary key nor wait for each other's locks.
 */
public final class JdbcTargetStates implements TargetStates {

	/** Parks the pending deliveries of one target: due when it is enabled again. */
	private static final String PARK = "UPDATE webhooks_deliveries SET next_attempt_at = ?, updated_at = ? "
			+ "WHERE target = ? AND status = 'PENDING' AND next_attempt_at < ?";

	private final OutboxConnections connections;

	/**
	 * Creates the target states on the tables of {@link dev.webhooks.jdbc.WebhooksSchema}.
	 * @param dataSource where the reads and writes get their connections
	 */
	public JdbcTargetStates(DataSource dataSource) {
		this.connections = new OutboxConnections(dataSource);
	}

	@Override
	public void recordAttempts(Map<Target, Boolean> succeeded, Instant at) {
		if (succeeded.isEmpty()) {
			return;
		}
		// targets in one order, so that two dispatchers recording the same targets lock them in the same order
		Map<Target, Boolean> ordered = new TreeMap<>(succeeded);
		this.connections.inTransaction("record the attempts of " + ordered.size() + " target(s)",
				(connection, dialect) -> {
					try (PreparedStatement failing = connection
						.prepareStatement(dialect.insertFailingTargetUnlessPresent());
							PreparedStatement healthy = connection.prepareStatement(
									"DELETE FROM webhooks_target_states WHERE target = ? AND disabled_at IS NULL")) {
						boolean anyFailing = false;
						boolean anyHealthy = false;
						for (Map.Entry<Target, Boolean> entry : ordered.entrySet()) {
							if (entry.getValue()) {
								// a success ends the failing period; a disabled target stays disabled until enabled
								healthy.setString(1, entry.getKey().value());
								healthy.addBatch();
								anyHealthy = true;
							}
							else {
								failing.setString(1, entry.getKey().value());
								dialect.instants().bind(failing, 2, at);
								dialect.instants().bind(failing, 3, at);
								failing.addBatch();
								anyFailing = true;
							}
						}
						if (anyFailing) {
							failing.executeBatch();
						}
						if (anyHealthy) {
							healthy.executeBatch();
						}
					}
					return null;
				});
	}

	@Override
	public List<Target> disableFailingTargets(Instant failingBefore, Instant now) {
		return this.connections.inTransaction("disable failing targets", (connection, dialect) -> {
			List<Target> targets = new ArrayList<>();
			try (PreparedStatement statement = connection.prepareStatement("SELECT target FROM webhooks_target_states "
					+ "WHERE failing_since <= ? AND disabled_at IS NULL ORDER BY target")) {
				dialect.instants().bind(statement, 1, failingBefore);
				try (ResultSet resultSet = statement.executeQuery()) {
					while (resultSet.next()) {
						targets.add(Target.parse(resultSet.getString(1)));
					}
				}
			}
			List<Target> disabled = new ArrayList<>();
			try (PreparedStatement statement = connection.prepareStatement("UPDATE webhooks_target_states "
					+ "SET disabled_at = ?, updated_at = ? WHERE target = ? AND disabled_at IS NULL")) {
				for (Target target : targets) {
					dialect.instants().bind(statement, 1, now);
					dialect.instants().bind(statement, 2, now);
					statement.setString(3, target.value());
					if (statement.executeUpdate() > 0) {
						disabled.add(target);
					}
				}
			}
			return disabled;
		});
	}

	@Override
	public boolean disableTarget(Target target, Instant now) {
		Objects.requireNonNull(target, "target");
		return this.connections.inTransaction("disable target '" + target + "'", (connection, dialect) -> {
			try (PreparedStatement insert = connection.prepareStatement(dialect.insertFailingTargetUnlessPresent())) {
				insert.setString(1, target.value());
				dialect.instants().bind(insert, 2, now);
				dialect.instants().bind(insert, 3, now);
				insert.executeUpdate();
			}
			boolean disabled;
			try (PreparedStatement statement = connection.prepareStatement("UPDATE webhooks_target_states "
					+ "SET disabled_at = ?, updated_at = ? WHERE target = ? AND disabled_at IS NULL")) {
				dialect.instants().bind(statement, 1, now);
				dialect.instants().bind(statement, 2, now);
				statement.setString(3, target.value());
				disabled = statement.executeUpdate() > 0;
			}
			try (PreparedStatement statement = connection.prepareStatement(PARK)) {
				dialect.instants().bind(statement, 1, TargetStates.PARKED_UNTIL);
				dialect.instants().bind(statement, 2, now);
				statement.setString(3, target.value());
				dialect.instants().bind(statement, 4, TargetStates.PARKED_UNTIL);
				statement.executeUpdate();
			}
			return disabled;
		});
	}

	@Override
	public int parkDisabledTargets(Instant now) {
		List<Target> targets = List.copyOf(disabledTargets().keySet());
		if (targets.isEmpty()) {
			return 0;
		}
		// one target at a time, through the target index: never a scan of every pending row
		return this.connections.inTransaction("park the deliveries of disabled targets", (connection, dialect) -> {
			int parked = 0;
			try (PreparedStatement statement = connection.prepareStatement(PARK)) {
				for (Target target : targets) {
					dialect.instants().bind(statement, 1, TargetStates.PARKED_UNTIL);
					dialect.instants().bind(statement, 2, now);
					statement.setString(3, target.value());
					dialect.instants().bind(statement, 4, TargetStates.PARKED_UNTIL);
					parked += statement.executeUpdate();
				}
			}
			return parked;
		});
	}

	@Override
	public Map<Target, Instant> disabledTargets() {
		return this.connections.withConnection("read disabled targets", (connection, dialect) -> {
			Map<Target, Instant> disabled = new LinkedHashMap<>();
			try (PreparedStatement statement = connection.prepareStatement("SELECT target, disabled_at "
					+ "FROM webhooks_target_states WHERE disabled_at IS NOT NULL ORDER BY target")) {
				try (ResultSet resultSet = statement.executeQuery()) {
					while (resultSet.next()) {
						disabled.put(Target.parse(resultSet.getString(1)),
								dialect.instants().readRequired(resultSet, 2));
					}
				}
			}
			return disabled;
		});
	}

	@Override
	public int enableTarget(Target target, Instant now) {
		Objects.requireNonNull(target, "target");
		return this.connections.inTransaction("enable target '" + target + "'", (connection, dialect) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("DELETE FROM webhooks_target_states WHERE target = ? AND disabled_at IS NOT NULL")) {
				statement.setString(1, target.value());
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
				statement.setString(3, target.value());
				dialect.instants().bind(statement, 4, TargetStates.PARKED_UNTIL);
				return statement.executeUpdate();
			}
		});
	}

}
