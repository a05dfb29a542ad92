package dev.webhooks.autoconfigure.security;

import java.util.EnumMap;
import java.util.Map;

import dev.webhooks.autoconfigure.PropertyRules;
import dev.webhooks.spring.security.SpringSecurityWebhooksAccess;
import dev.webhooks.spring.security.WebhooksAccess;
import dev.webhooks.spring.security.WebhooksAccess.Action;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one {@link WebhooksAccess} policy the hooks REST API and the admin pages both check. With Spring Security each
 * action needs its documented role, {@code webhooks.hooks.api.role} and {@code webhooks.admin.role}. Without it
 * there is a policy only when one of the endpoints is explicitly served open
 * ({@code allow-without-security=true}), and each endpoint is still served only under its own switch. A
 * {@link WebhooksAccess} bean of the application replaces the policy for both.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
public final class WebhooksAccessAutoConfiguration {

	/** The role both endpoints need by default. */
	public static final String DEFAULT_ROLE = "WEBHOOKS_ADMIN";

	static final String HOOKS_ROLE = "webhooks.hooks.api.role";

	static final String ADMIN_ROLE = "webhooks.admin.role";

	private static final String SECURITY_CLASS = "org.springframework.security.core.context.SecurityContextHolder";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SECURITY_CLASS)
	static class SecuredConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebhooksAccess webhooksAccess(Environment environment) {
			// read here rather than from HooksProperties and AdminProperties, so that the policy is the same
			// whichever of the two endpoints is on
			Map<Action, String> roles = new EnumMap<>(Action.class);
			roles.put(Action.MANAGE_HOOKS, role(environment, HOOKS_ROLE));
			roles.put(Action.USE_ADMIN_PAGES, role(environment, ADMIN_ROLE));
			return new SpringSecurityWebhooksAccess(roles);
		}

		private static String role(Environment environment, String property) {
			String role = Binder.get(environment).bind(property, String.class).orElse(DEFAULT_ROLE);
			PropertyRules.notBlank(property, role);
			return role.strip();
		}

	}

	/** Each endpoint warns at start-up that it is served open; see its own auto-configuration. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(SECURITY_CLASS)
	@Conditional(OpenEndpointCondition.class)
	static class OpenConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebhooksAccess webhooksAccess() {
			return WebhooksAccess.ALLOW_ALL;
		}

	}

	static final class OpenEndpointCondition extends AnyNestedCondition {

		OpenEndpointCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBooleanProperty(name = "webhooks.hooks.api.allow-without-security")
		static class OpenHooksApi {

		}

		@ConditionalOnBooleanProperty(name = "webhooks.admin.allow-without-security")
		static class OpenAdminPages {

		}

	}

}
