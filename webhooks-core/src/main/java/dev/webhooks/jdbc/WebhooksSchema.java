package dev.webhooks.jdbc;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and upgrades the library's tables with a Flyway run of its own: its own migrations
 * ({@code db/webhooks/<vendor>}) and its own history table, so it never mixes with the application's migrations.
 */
public final class WebhooksSchema {

	/** The history table of the library's own Flyway run. */
	public static final String HISTORY_TABLE = "webhooks_schema_history";

	private WebhooksSchema() {
	}

	/** Applies pending migrations to the data source's current schema. */
	public static MigrateResult migrate(DataSource dataSource) {
		DatabaseVendor vendor = DatabaseVendor.of(dataSource);
		return Flyway.configure(WebhooksSchema.class.getClassLoader())
			.dataSource(dataSource)
			.locations("classpath:" + vendor.migrationLocation())
			.table(HISTORY_TABLE)
			// the schema usually holds the application's tables already
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.cleanDisabled(true)
			.load()
			.migrate();
	}

}
