package dev.webhooks.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * What a stretch of work cost the host, read before and after it: CPU time of this JVM and of the PostgreSQL
 * backends serving this benchmark's connections (JDBC {@code ApplicationName=webhooks-benchmark}), commits, and the
 * row versions written to the outbox tables of this schema. CPU time and row counts depend little on what else the
 * machine is doing, unlike wall time, so they show where the cost of a delivery goes even on a shared machine.
 * Commits are counted for the whole database: exact only while nothing else writes to it.
 */
final class HostCost {

	/** The JDBC {@code ApplicationName} of the benchmark's connections, which finds their backends. */
	static final String APPLICATION_NAME = "webhooks-benchmark";

	/** Linux reports process CPU time in clock ticks of 10 ms. */
	private static final long NANOS_PER_TICK = 10_000_000L;

	private final DataSource dataSource;

	private HostCost(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	static HostCost of(DataSource dataSource) {
		return new HostCost(dataSource);
	}

	Snapshot snapshot() {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			// statistics are collected per transaction; make this one see fresh counters
			statement.execute("SELECT pg_stat_clear_snapshot()");
			long commits;
			try (ResultSet rows = statement.executeQuery(
					"SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
				rows.next();
				commits = rows.getLong(1);
			}
			long inserts = 0;
			long updates = 0;
			long hotUpdates = 0;
			try (ResultSet rows = statement.executeQuery("SELECT COALESCE(SUM(n_tup_ins), 0), COALESCE(SUM(n_tup_upd), 0),"
					+ " COALESCE(SUM(n_tup_hot_upd), 0) FROM pg_stat_user_tables"
					+ " WHERE schemaname = current_schema()"
					+ " AND relname IN ('webhooks_deliveries', 'webhooks_delivery_attempts')")) {
				rows.next();
				inserts = rows.getLong(1);
				updates = rows.getLong(2);
				hotUpdates = rows.getLong(3);
			}
			List<Long> backends = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery(
					"SELECT pid FROM pg_stat_activity WHERE application_name = '" + APPLICATION_NAME + "'")) {
				while (rows.next()) {
					backends.add(rows.getLong(1));
				}
			}
			long databaseCpu = 0;
			for (long pid : backends) {
				databaseCpu += processCpuNanos(pid);
			}
			return new Snapshot(jvmCpuNanos(), databaseCpu, commits, inserts, updates, hotUpdates);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not read PostgreSQL's statistics", ex);
		}
	}

	private static long jvmCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/** utime + stime of a process from /proc, or 0 when it has gone (a backend that closed between reads). */
	private static long processCpuNanos(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * Counters at one moment. The database's CPU is summed over the backends alive at that moment, so a backend
	 * opened in between counts from zero: the pools here keep their connections, which makes that rare.
	 */
	record Snapshot(long jvmCpuNanos, long databaseCpuNanos, long commits, long outboxInserts, long outboxUpdates,
			long outboxHotUpdates) {

		Snapshot minus(Snapshot before) {
			return new Snapshot(this.jvmCpuNanos - before.jvmCpuNanos, this.databaseCpuNanos - before.databaseCpuNanos,
					this.commits - before.commits, this.outboxInserts - before.outboxInserts,
					this.outboxUpdates - before.outboxUpdates, this.outboxHotUpdates - before.outboxHotUpdates);
		}

		Snapshot plus(Snapshot other) {
			return new Snapshot(this.jvmCpuNanos + other.jvmCpuNanos, this.databaseCpuNanos + other.databaseCpuNanos,
					this.commits + other.commits, this.outboxInserts + other.outboxInserts,
					this.outboxUpdates + other.outboxUpdates, this.outboxHotUpdates + other.outboxHotUpdates);
		}

		static Snapshot zero() {
			return new Snapshot(0, 0, 0, 0, 0, 0);
		}

	}

}
