package dev.webhooks.autoconfigure.security;

import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.spring.security.SpringSecurityWebhooksAccess;
import dev.webhooks.spring.security.WebhooksAccess;
import dev.webhooks.spring.security.WebhooksAccess.Action;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

class WebhooksAccessAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhooksAccessAutoConfiguration.class));

	@Test
	void withSpringSecurityEachActionNeedsTheRoleOfItsDocumentedProperty() {
		this.runner.run((context) -> {
			SpringSecurityWebhooksAccess access = context.getBean(SpringSecurityWebhooksAccess.class);
			assertThat(access.role(Action.MANAGE_HOOKS)).isEqualTo("WEBHOOKS_ADMIN");
			assertThat(access.role(Action.USE_ADMIN_PAGES)).isEqualTo("WEBHOOKS_ADMIN");
		});
		this.runner.withPropertyValues("webhooks.hooks.api.role=HOOK_EDITOR", "webhooks.admin.role= OPERATOR ")
			.run((context) -> {
				SpringSecurityWebhooksAccess access = context.getBean(SpringSecurityWebhooksAccess.class);
				assertThat(access.role(Action.MANAGE_HOOKS)).isEqualTo("HOOK_EDITOR");
				assertThat(access.role(Action.USE_ADMIN_PAGES)).isEqualTo("OPERATOR");
			});
	}

	@Test
	void anEmptyRoleFailsTheStartNamingTheProperty() {
		this.runner.withPropertyValues("webhooks.admin.role=").run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(InvalidWebhooksPropertyException.class)
			.hasMessageContaining("webhooks.admin.role"));
	}

	@Test
	void withoutSpringSecurityThereIsAPolicyOnlyWhenAnEndpointIsExplicitlyServedOpen() {
		WebApplicationContextRunner withoutSecurity = this.runner
			.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class));
		withoutSecurity.run((context) -> assertThat(context).doesNotHaveBean(WebhooksAccess.class));
		withoutSecurity.withPropertyValues("webhooks.admin.allow-without-security=true")
			.run((context) -> assertThat(context.getBean(WebhooksAccess.class)).isSameAs(WebhooksAccess.ALLOW_ALL));
		withoutSecurity.withPropertyValues("webhooks.hooks.api.allow-without-security=true")
			.run((context) -> assertThat(context.getBean(WebhooksAccess.class)).isSameAs(WebhooksAccess.ALLOW_ALL));
	}

	@Test
	void aPolicyOfTheApplicationReplacesTheDefault() {
		WebhooksAccess own = (request, action) -> {
		};
		this.runner.withBean(WebhooksAccess.class, () -> own)
			.run((context) -> assertThat(context.getBean(WebhooksAccess.class)).isSameAs(own));
	}

	@Test
	void backsOffOutsideServletApplicationsAndWhenTheLibraryIsOff() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebhooksAccessAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebhooksAccess.class));
		this.runner.withPropertyValues("webhooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebhooksAccess.class));
	}

}
