package dev.webhooks.admin.autoconfigure;

import java.time.Clock;
import java.util.List;

import org.slf4j.LoggerFactory;

import dev.webhooks.admin.AdminAccess;
import dev.webhooks.admin.AdminApiController;
import dev.webhooks.admin.AdminPageController;
import dev.webhooks.admin.SpringSecurityAdminAccess;
import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.hooks.HooksAutoConfiguration;
import dev.webhooks.autoconfigure.hooks.HooksProperties;
import dev.webhooks.autoconfigure.operations.OperationsAutoConfiguration;
import dev.webhooks.hooks.EntityTypes;
import dev.webhooks.hooks.HookService;
import dev.webhooks.operations.WebhookOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The admin pages at {@code webhooks.admin.path}, over the outbox, the operations and the hooks service. With Spring
 * Security they need {@code webhooks.admin.role}; the library adds no security filter chain, so the application's
 * chain authenticates and protects changes against CSRF. Without Spring Security they are served only with
 * {@code webhooks.admin.allow-without-security=true}.
 */
@AutoConfiguration(after = { OperationsAutoConfiguration.class, HooksAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "webhooks.admin.enabled", matchIfMissing = true)
@ConditionalOnBean(WebhookOperations.class)
@EnableConfigurationProperties(AdminProperties.class)
public final class AdminAutoConfiguration {

	private static final String PREFIX = "webhooks.admin.";

	private static final String SECURITY_CLASS = "org.springframework.security.core.context.SecurityContextHolder";

	static AdminApiController apiController(WebhookOperations operations,
			ObjectProvider<HookService> hooks, AdminAccess access, AdminProperties properties,
			ObjectProvider<HooksProperties> hooksProperties, ObjectProvider<EntityTypes> entityTypes,
			Clock clock) {
		validate(properties);
		HooksProperties hooksSettings = hooksProperties.getIfAvailable(HooksProperties::new);
		String hooksApiPath = hooksSettings.getApi().isEnabled() ? hooksSettings.getApi().getPath() : null;
		AdminApiController.Settings settings = new AdminApiController.Settings(hooksApiPath,
				entityTypes.getIfAvailable(EntityTypes::unchecked), List.copyOf(hooksSettings.getCustomEvents()),
				properties.getPageSize(), properties.getChartHours());
		return new AdminApiController(operations, hooks.getIfAvailable(), access, settings, clock);
	}

	static void validate(AdminProperties properties) {
		String path = properties.getPath();
		if (path == null || !path.startsWith("/") || path.endsWith("/")) {
			throw new InvalidWebhooksPropertyException(PREFIX + "path",
					"must start with '/' and not end with '/', but is '" + path + "'");
		}
		if (properties.getPageSize() < 1 || properties.getPageSize() > 500) {
			throw new InvalidWebhooksPropertyException(PREFIX + "page-size",
					"must be between 1 and 500, but is " + properties.getPageSize());
		}
		if (properties.getChartHours() < 1 || properties.getChartHours() > 48) {
			throw new InvalidWebhooksPropertyException(PREFIX + "chart-hours",
					"must be between 1 and 48, but is " + properties.getChartHours());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SECURITY_CLASS)
	static class SecuredConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AdminAccess webhooksAdminAccess(AdminProperties properties) {
			String role = properties.getRole();
			if (role == null || role.isBlank()) {
				throw new InvalidWebhooksPropertyException(PREFIX + "role", "must not be empty");
			}
			return new SpringSecurityAdminAccess(role.strip());
		}

		@Bean
		@ConditionalOnMissingBean
		AdminApiController webhooksAdminApiController(WebhookOperations operations,
				ObjectProvider<HookService> hooks, AdminAccess access, AdminProperties properties,
				ObjectProvider<HooksProperties> hooksProperties, ObjectProvider<EntityTypes> entityTypes,
				Clock clock) {
			return apiController(operations, hooks, access, properties, hooksProperties, entityTypes, clock);
		}

		@Bean
		@ConditionalOnMissingBean
		AdminPageController webhooksAdminPageController(AdminAccess access) {
			return new AdminPageController(access);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(SECURITY_CLASS)
	@ConditionalOnBooleanProperty(name = "webhooks.admin.allow-without-security")
	static class OpenConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AdminAccess webhooksAdminAccess(AdminProperties properties) {
			LoggerFactory.getLogger(AdminAutoConfiguration.class)
				.warn("The webhooks admin pages at {} have no access check ({}allow-without-security=true); "
						+ "anyone reaching the application can resend, cancel and replay deliveries. Use this only "
						+ "for local development", properties.getPath(), PREFIX);
			return AdminAccess.ALLOW_ALL;
		}

		@Bean
		@ConditionalOnMissingBean
		AdminApiController webhooksAdminApiController(WebhookOperations operations,
				ObjectProvider<HookService> hooks, AdminAccess access, AdminProperties properties,
				ObjectProvider<HooksProperties> hooksProperties, ObjectProvider<EntityTypes> entityTypes,
				Clock clock) {
			return apiController(operations, hooks, access, properties, hooksProperties, entityTypes, clock);
		}

		@Bean
		@ConditionalOnMissingBean
		AdminPageController webhooksAdminPageController(AdminAccess access) {
			return new AdminPageController(access);
		}

	}

}
