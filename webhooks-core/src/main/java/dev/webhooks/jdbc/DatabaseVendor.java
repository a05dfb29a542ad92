package dev.webhooks.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * The databases the JDBC stores support, each with its own migrations and locking abilities.
 */
public enum DatabaseVendor {

	H2("h2"),

	POSTGRESQL("postgresql"),

	/** MariaDB; shares MySQL's migrations. */
	MARIADB("mysql"),

	MYSQL("mysql");

	private final String migrationFolder;

	DatabaseVendor(String migrationFolder) {
		this.migrationFolder = migrationFolder;
	}

	/** The classpath folder with this vendor's migrations, e.g. {@code db/webhooks/postgresql}. */
	public String migrationLocation() {
		return "db/webhooks/" + this.migrationFolder;
	}

	/**
	 * Whether {@code SELECT ... FOR UPDATE SKIP LOCKED} is available: PostgreSQL, MariaDB 10.6 and later, MySQL 8 and
	 * later.
	 */
	public boolean supportsSkipLocked(DatabaseMetaData metaData) throws SQLException {
		int major = metaData.getDatabaseMajorVersion();
		int minor = metaData.getDatabaseMinorVersion();
		return switch (this) {
			case POSTGRESQL -> true;
			case MARIADB -> major > 10 || (major == 10 && minor >= 6);
			case MYSQL -> major >= 8;
			case H2 -> false;
		};
	}

	public static DatabaseVendor of(DatabaseMetaData metaData) throws SQLException {
		String product = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT);
		if (product.contains("h2")) {
			return H2;
		}
		if (product.contains("postgres")) {
			return POSTGRESQL;
		}
		if (product.contains("mariadb")) {
			return MARIADB;
		}
		if (product.contains("mysql")) {
			// MariaDB drivers and servers in MySQL mode may still say MySQL; the version string tells them apart
			return metaData.getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB
					: MYSQL;
		}
		throw new UnsupportedDatabaseException(metaData.getDatabaseProductName());
	}

	public static DatabaseVendor of(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return of(connection.getMetaData());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the database product name: " + ex.getMessage(), ex);
		}
	}

	/** The database is not one the JDBC stores have migrations and SQL for. */
	public static final class UnsupportedDatabaseException extends IllegalStateException {

		UnsupportedDatabaseException(String product) {
			super("webhooks supports H2, PostgreSQL, MariaDB and MySQL, not '" + product
					+ "'; create the tables yourself from docs/schema.md and set webhooks.schema.enabled=false");
		}

	}

}
