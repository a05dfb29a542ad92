package dev.webhooks.autoconfigure;

import java.util.Set;

import dev.webhooks.delivery.DeliveryCommands;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.hooks.HookStore;
import dev.webhooks.idempotency.jdbc.JdbcIdempotencyStore;
import dev.webhooks.realtime.jdbc.JdbcRealtimeBroadcast;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * Tells Spring Boot which beans read or write the library's tables, so that they are created only after every
 * database initializer has run: the application's Flyway or Liquibase and then {@link WebhooksSchemaInitializer}.
 */
class WebhooksSchemaDependentsDetector extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

	@Override
	protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
		return Set.of(DeliveryLeases.class, DeliveryQueries.class, DeliveryCommands.class, TargetStates.class,
				HookStore.class, JdbcIdempotencyStore.class, JdbcRealtimeBroadcast.class);
	}

}
