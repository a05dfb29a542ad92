package dev.webhooks.admin.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.LoggerFactory;

import dev.webhooks.admin.AdminApiController;
import dev.webhooks.admin.AdminPageController;
import dev.webhooks.admin.AdminTargetsController;
import dev.webhooks.admin.DisabledTargetReasons;
import dev.webhooks.admin.TargetOverview;
import dev.webhooks.autoconfigure.WebhooksProperties;
import dev.webhooks.autoconfigure.hooks.HooksAutoConfiguration;
import dev.webhooks.autoconfigure.hooks.HooksProperties;
import dev.webhooks.autoconfigure.operations.OperationsAutoConfiguration;
import dev.webhooks.autoconfigure.security.WebhooksAccessAutoConfiguration;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.TargetPolicy;
import dev.webhooks.hooks.EntityTypes;
import dev.webhooks.hooks.HookService;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.spring.security.WebhooksAccess;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The admin pages at {@code webhooks.admin.path}, over the outbox, the operations and the hooks service. They check
 * the {@link WebhooksAccess} policy the hooks REST API checks too (see {@link WebhooksAccessAutoConfiguration}):
 * with Spring Security they need {@code webhooks.admin.role}; the library adds no security filter chain, so the
 * application's chain authenticates and protects changes against CSRF. Without Spring Security they are served
 * only with {@code webhooks.admin.allow-without-security=true}.
 */
@AutoConfiguration(after = { WebhooksAccessAutoConfiguration.class, OperationsAutoConfiguration.class,
		HooksAutoConfiguration.class })
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
			ObjectProvider<HookService> hooks, WebhooksAccess access, AdminProperties properties,
			ObjectProvider<HooksProperties> hooksProperties, ObjectProvider<EntityTypes> entityTypes,
			Clock clock) {
		HooksProperties hooksSettings = hooksProperties.getIfAvailable(HooksProperties::new);
		String hooksApiPath = hooksSettings.getApi().isEnabled() ? hooksSettings.getApi().getPath() : null;
		AdminApiController.Settings settings = new AdminApiController.Settings(hooksApiPath,
				entityTypes.getIfAvailable(EntityTypes::unchecked), List.copyOf(hooksSettings.getCustomEvents()),
				properties.getPageSize(), properties.getChartHours());
		return new AdminApiController(operations, hooks.getIfAvailable(), access, settings, clock);
	}

	static TargetOverview targetOverview(WebhookOperations operations, ObjectProvider<HookService> hooks,
			ObjectProvider<WebhooksProperties> webhooks, ObjectProvider<DeliveryDispatcher> dispatcher,
			ObjectProvider<TargetPolicy> targetPolicy, DisabledTargetReasons reasons, Clock clock) {
		Map<String, String> serverUrls = new LinkedHashMap<>();
		WebhooksProperties properties = webhooks.getIfAvailable();
		if (properties != null) {
			properties.getServers().forEach((id, server) -> {
				if (server.getUrl() != null) {
					serverUrls.put(id, server.getUrl());
				}
			});
		}
		TargetPolicy policy = targetPolicy.getIfAvailable();
		return new TargetOverview(operations, hooks.getIfAvailable(), serverUrls, () -> {
			DeliveryDispatcher available = dispatcher.getIfAvailable();
			return (available != null) ? available.targetLanes() : null;
		}, (policy != null) ? policy.limits() : null, reasons, clock);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SECURITY_CLASS)
	static class SecuredConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AdminApiController webhooksAdminApiController(WebhookOperations operations,
				ObjectProvider<HookService> hooks, WebhooksAccess access, AdminProperties properties,
				ObjectProvider<HooksProperties> hooksProperties, ObjectProvider<EntityTypes> entityTypes,
				Clock clock) {
			return apiController(operations, hooks, access, properties, hooksProperties, entityTypes, clock);
		}

		@Bean
		@ConditionalOnMissingBean
		AdminPageController webhooksAdminPageController(WebhooksAccess access) {
			return new AdminPageController(access);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(SECURITY_CLASS)
	@ConditionalOnBooleanProperty(name = "webhooks.admin.allow-without-security")
	static class OpenConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AdminApiController webhooksAdminApiController(WebhookOperations operations,
				ObjectProvider<HookService> hooks, WebhooksAccess access, AdminProperties properties,
				ObjectProvider<HooksProperties> hooksProperties, ObjectProvider<EntityTypes> entityTypes,
				Clock clock) {
			if (access == WebhooksAccess.ALLOW_ALL) {
				LoggerFactory.getLogger(AdminAutoConfiguration.class)
					.warn("The webhooks admin pages at {} have no access check ({}allow-without-security=true); "
							+ "anyone reaching the application can resend, cancel and replay deliveries. Use this "
							+ "only for local development", properties.getPath(), PREFIX);
			}
			return apiController(operations, hooks, access, properties, hooksProperties, entityTypes, clock);
		}

		@Bean
		@ConditionalOnMissingBean
		AdminPageController webhooksAdminPageController(WebhooksAccess access) {
			return new AdminPageController(access);
		}

	}

	/** The targets part of the pages, served wherever the pages are: with Spring Security, or allowed without. */
	@Configuration(proxyBeanMethods = false)
	@Conditional(PagesServedCondition.class)
	static class TargetsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AdminTargetsController webhooksAdminTargetsController(TargetOverview overview, WebhookOperations operations,
				DisabledTargetReasons reasons, WebhooksAccess access) {
			return new AdminTargetsController(overview, operations, reasons, access);
		}

		/** Why targets were disabled, heard from the operational events: the target states keep only since when. */
		@Bean
		@ConditionalOnMissingBean
		DisabledTargetReasons webhooksDisabledTargetReasons() {
			return new DisabledTargetReasons();
		}

		@Bean
		@ConditionalOnMissingBean
		TargetOverview webhooksAdminTargetOverview(WebhookOperations operations, ObjectProvider<HookService> hooks,
				ObjectProvider<WebhooksProperties> webhooks, ObjectProvider<DeliveryDispatcher> dispatcher,
				ObjectProvider<TargetPolicy> targetPolicy, DisabledTargetReasons reasons, Clock clock) {
			return targetOverview(operations, hooks, webhooks, dispatcher, targetPolicy, reasons, clock);
		}

	}

	static final class PagesServedCondition extends AnyNestedCondition {

		PagesServedCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnClass(name = SECURITY_CLASS)
		static class WithSpringSecurity {

		}

		@ConditionalOnBooleanProperty(name = "webhooks.admin.allow-without-security")
		static class AllowedWithoutSecurity {

		}

	}

}
