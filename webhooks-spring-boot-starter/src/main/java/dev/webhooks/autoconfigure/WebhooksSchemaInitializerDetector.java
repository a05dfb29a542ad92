package dev.webhooks.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link WebhooksSchemaInitializer} initializes the database, so it runs after the
 * application's Flyway or Liquibase and before the beans that depend on database initialization.
 */
class WebhooksSchemaInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(WebhooksSchemaInitializer.class);
	}

	@Override
	public int getOrder() {
		// after the application's Flyway (order 1) and Liquibase, whose first run expects an empty schema
		return 10;
	}

}
