package dev.webhooks.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import dev.webhooks.jdbc.WebhooksSchema;
import com.zaxxer.hikari.HikariDataSource;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh, empty schema on H2, PostgreSQL or MariaDB for one test class, dropped on {@link #close()}.
 * <p>
 * PostgreSQL and MariaDB are the local servers (settings {@code webhooks.test.postgres.url}, {@code .username},
 * {@code .password} and {@code webhooks.test.mariadb.*}, or the same names as environment variables, e.g.
 * {@code WEBHOOKS_TEST_POSTGRES_URL}); when they cannot be reached, Testcontainers starts one where Docker runs, and
 * otherwise the test is skipped, or failed when services are required.
 */
public final class TestDatabase implements AutoCloseable {

	public enum Kind {

		H2, POSTGRESQL, MARIADB

	}

	private final Kind kind;

	private final String name;

	private final String jdbcUrl;

	private final String username;

	private final String password;

	private final Server server;

	private HikariDataSource dataSource;

	private TestDatabase(Kind kind, String name, String jdbcUrl, String username, String password, Server server) {
		this.kind = kind;
		this.name = name;
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
		this.server = server;
	}

	/** Creates a new empty schema (PostgreSQL), database (MariaDB) or in-memory database (H2). */
	public static TestDatabase create(Kind kind) {
		String name = "wh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		return switch (kind) {
			case H2 -> new TestDatabase(kind, name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", null);
			case POSTGRESQL -> {
				Server server = Server.postgres();
				server.execute("CREATE SCHEMA " + name);
				yield new TestDatabase(kind, name, withParameter(server.url, "currentSchema=" + name), server.username,
						server.password, server);
			}
			case MARIADB -> {
				Server server = Server.mariadb();
				server.execute("CREATE DATABASE " + name);
				yield new TestDatabase(kind, name, replaceDatabase(server.url, name), server.username,
						server.password, server);
			}
		};
	}

	/** A fresh schema holding the library's tables, migrated as an application's start-up would. */
	public static TestDatabase createWithSchema(Kind kind) {
		TestDatabase database = create(kind);
		WebhooksSchema.migrate(database.dataSource());
		return database;
	}

	/** Runs one SQL statement on this schema, e.g. to empty a table between tests. */
	public void execute(String sql) {
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	/** Empties the outbox tables. */
	public void emptyOutbox() {
		execute("DELETE FROM webhooks_delivery_attempts");
		execute("DELETE FROM webhooks_deliveries");
	}

	public Kind kind() {
		return this.kind;
	}

	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	public String username() {
		return this.username;
	}

	public String password() {
		return this.password;
	}

	/** A pooled data source on the fresh schema, closed with this database. */
	public synchronized DataSource dataSource() {
		if (this.dataSource == null) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(this.jdbcUrl);
			config.setUsername(this.username);
			config.setPassword(this.password);
			config.setMaximumPoolSize(10);
			config.setPoolName("test-" + this.kind.name().toLowerCase(Locale.ROOT));
			this.dataSource = new HikariDataSource(config);
		}
		return this.dataSource;
	}

	/**
	 * A separate pool on the same schema, as a second application instance would have; the caller closes it.
	 * @param poolName the pool's name in logs and thread names
	 * @param maximumSize the most connections it opens
	 */
	public HikariDataSource newDataSource(String poolName, int maximumSize) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(this.jdbcUrl);
		config.setUsername(this.username);
		config.setPassword(this.password);
		config.setMaximumPoolSize(maximumSize);
		config.setPoolName(poolName);
		return new HikariDataSource(config);
	}

	/** Properties for a Spring Boot application on this schema. */
	public String[] springProperties() {
		return new String[] { "spring.datasource.url=" + this.jdbcUrl, "spring.datasource.username=" + this.username,
				"spring.datasource.password=" + this.password };
	}

	@Override
	public synchronized void close() {
		if (this.dataSource != null) {
			this.dataSource.close();
			this.dataSource = null;
		}
		switch (this.kind) {
			case H2 -> {
				try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
						Statement statement = connection.createStatement()) {
					statement.execute("SHUTDOWN");
				}
				catch (SQLException ex) {
					// already gone
				}
			}
			case POSTGRESQL -> this.server.execute("DROP SCHEMA IF EXISTS " + this.name + " CASCADE");
			case MARIADB -> this.server.execute("DROP DATABASE IF EXISTS " + this.name);
		}
	}

	@Override
	public String toString() {
		return this.kind + " " + this.name;
	}

	private static String withParameter(String url, String parameter) {
		return url + (url.contains("?") ? "&" : "?") + parameter;
	}

	private static String replaceDatabase(String url, String database) {
		int hostStart = url.indexOf("//") + 2;
		int pathStart = url.indexOf('/', hostStart);
		int query = url.indexOf('?');
		String base = (pathStart < 0) ? ((query < 0) ? url : url.substring(0, query)) : url.substring(0, pathStart);
		String parameters = (query < 0) ? "" : url.substring(query);
		return base + "/" + database + parameters;
	}

	/** A reachable server: the local one, or a container started once per test run. */
	private record Server(String url, String username, String password) {

		private static Server postgresServer;

		private static Server mariadbServer;

		static synchronized Server postgres() {
			if (postgresServer == null) {
				postgresServer = locate("PostgreSQL", "webhooks.test.postgres", "jdbc:postgresql://127.0.0.1:5432/test",
						"postgres", () -> new PostgreSQLContainer("postgres:15-alpine"));
			}
			return postgresServer;
		}

		static synchronized Server mariadb() {
			if (mariadbServer == null) {
				mariadbServer = locate("MariaDB", "webhooks.test.mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root",
						() -> new MariaDBContainer("mariadb:10.11"));
			}
			return mariadbServer;
		}

		private static Server locate(String service, String prefix, String defaultUrl, String defaultUser,
				java.util.function.Supplier<JdbcDatabaseContainer<?>> container) {
			Server local = new Server(RequiredServices.setting(prefix + ".url", defaultUrl),
					RequiredServices.setting(prefix + ".username", defaultUser),
					RequiredServices.setting(prefix + ".password", ""));
			try {
				local.execute("SELECT 1");
				return local;
			}
			catch (RuntimeException ex) {
				if (!RequiredServices.required() && RequiredServices.dockerAvailable()) {
					JdbcDatabaseContainer<?> started = container.get();
					started.start();
					return new Server(started.getJdbcUrl(), started.getUsername(), started.getPassword());
				}
				throw RequiredServices.unavailable(service, local.url, ex.getCause() != null ? ex.getCause() : ex);
			}
		}

		void execute(String sql) {
			try (Connection connection = DriverManager.getConnection(this.url, this.username, this.password);
					Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
			}
		}

	}

}
