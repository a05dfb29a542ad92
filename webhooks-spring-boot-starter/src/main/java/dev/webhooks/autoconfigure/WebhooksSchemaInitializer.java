package dev.webhooks.autoconfigure;

import javax.sql.DataSource;

import dev.webhooks.jdbc.WebhooksSchema;

import org.springframework.beans.factory.InitializingBean;

/**
 * Runs the library's own Flyway migrations at start-up, after the application's own database initializers (such as
 * its Flyway run), and before anything that depends on database initialization.
 */
public class WebhooksSchemaInitializer implements InitializingBean {

	private final DataSource dataSource;

	public WebhooksSchemaInitializer(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterPropertiesSet() {
		WebhooksSchema.migrate(this.dataSource);
	}

}
