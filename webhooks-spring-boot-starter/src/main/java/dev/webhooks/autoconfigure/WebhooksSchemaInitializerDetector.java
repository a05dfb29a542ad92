package dev.webhooks.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;

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
		// after Flyway and Liquibase (order 0): their first run expects an empty schema
		return DatabaseInitializerDetector.super.getOrder() + 1;
	}

}
