package dev.webhooks.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

/**
 * How instants go in and out of the timestamp columns of every table of the library. {@code java.sql.Timestamp} is
 * never used: drivers convert it through the JVM's or the session's time zone, so the same instant could be stored
 * differently by two applications.
 */
public enum InstantColumns {

	/** Columns with a time zone (PostgreSQL {@code timestamptz}, H2 {@code TIMESTAMP WITH TIME ZONE}). */
	OFFSET {

		@Override
		public void bind(PreparedStatement statement, int index, @Nullable Instant instant) throws SQLException {
			if (instant == null) {
				statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
			}
			else {
				statement.setObject(index, OffsetDateTime.ofInstant(truncate(instant), ZoneOffset.UTC));
			}
		}

		@Override
		public @Nullable Instant read(ResultSet resultSet, int index) throws SQLException {
			OffsetDateTime value = resultSet.getObject(index, OffsetDateTime.class);
			return (value != null) ? value.toInstant() : null;
		}

	},

	/** {@code DATETIME(6)} columns holding the UTC wall clock time (MariaDB, MySQL), untouched by any time zone. */
	UTC_WALL_CLOCK {

		@Override
		public void bind(PreparedStatement statement, int index, @Nullable Instant instant) throws SQLException {
			if (instant == null) {
				statement.setNull(index, Types.TIMESTAMP);
			}
			else {
				statement.setObject(index, LocalDateTime.ofInstant(truncate(instant), ZoneOffset.UTC));
			}
		}

		@Override
		public @Nullable Instant read(ResultSet resultSet, int index) throws SQLException {
			LocalDateTime value = resultSet.getObject(index, LocalDateTime.class);
			return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
		}

	};

	/** Binds the instant, truncated to microseconds, or SQL {@code NULL}. */
	public abstract void bind(PreparedStatement statement, int index, @Nullable Instant instant) throws SQLException;

	/** Reads the column as an instant, or {@code null} for SQL {@code NULL}. */
	public abstract @Nullable Instant read(ResultSet resultSet, int index) throws SQLException;

	/** Reads a {@code NOT NULL} column. */
	public Instant readRequired(ResultSet resultSet, int index) throws SQLException {
		Instant instant = read(resultSet, index);
		if (instant == null) {
			throw new SQLException("Column " + index + " is unexpectedly null");
		}
		return instant;
	}

	/** Reads a {@code NOT NULL} column by its name. */
	public Instant readRequired(ResultSet resultSet, String column) throws SQLException {
		return readRequired(resultSet, resultSet.findColumn(column));
	}

	/** How the timestamps of the connection's database are declared by its migrations. */
	public static InstantColumns of(Connection connection) throws SQLException {
		return of(DatabaseVendor.of(connection.getMetaData()));
	}

	/** How the vendor's migrations declare timestamps. */
	public static InstantColumns of(DatabaseVendor vendor) {
		return switch (vendor) {
			case H2, POSTGRESQL -> OFFSET;
			case MARIADB, MYSQL -> UTC_WALL_CLOCK;
		};
	}

	/**
	 * The columns keep microseconds; truncating here (databases would round) keeps what is compared and stored the
	 * same on every database.
	 */
	public static Instant truncate(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The {@link InstantColumns} of one data source's database, detected from the first connection used: a store
	 * made before the database can be reached (or in a test without one) needs no connection until it is used.
	 */
	public static final class Detected {

		private volatile @Nullable InstantColumns instants;

		public InstantColumns of(Connection connection) throws SQLException {
			InstantColumns instants = this.instants;
			if (instants == null) {
				instants = InstantColumns.of(connection);
				this.instants = instants;
			}
			return instants;
		}

	}

}
