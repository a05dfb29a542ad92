package dev.webhooks.admin.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.admin.AdminApiController;
import dev.webhooks.admin.AdminPageController;
import dev.webhooks.admin.AdminTargetsController;
import dev.webhooks.admin.DisabledTargetReasons;
import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.WebhooksAutoConfiguration;
import dev.webhooks.autoconfigure.hooks.HooksProperties;
import dev.webhooks.autoconfigure.security.WebhooksAccessAutoConfiguration;
import dev.webhooks.events.OperationalEventListener;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.spring.security.SpringSecurityWebhooksAccess;
import dev.webhooks.spring.security.WebhooksAccess;
import dev.webhooks.testing.JdbcOutbox;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhooksAutoConfiguration.class,
				WebhooksAccessAutoConfiguration.class, AdminAutoConfiguration.class))
		.withUserConfiguration(OutboxConfiguration.class);

	@Test
	void theRoleDefaultsOfBothEndpointsAreThePolicysDefault() {
		// the shared policy reads both role properties itself, with its own default: the three must agree
		assertThat(new AdminProperties().getRole()).isEqualTo(WebhooksAccessAutoConfiguration.DEFAULT_ROLE);
		assertThat(new HooksProperties().getApi().getRole()).isEqualTo(WebhooksAccessAutoConfiguration.DEFAULT_ROLE);
	}

	@Test
	void withSpringSecurityThePagesAreServedBehindTheRoleCheck() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AdminApiController.class).hasSingleBean(AdminPageController.class)
				.hasSingleBean(AdminTargetsController.class);
			assertThat(context.getBean(WebhooksAccess.class)).isInstanceOf(SpringSecurityWebhooksAccess.class);
			// it hears the operational events, with the application's other listeners
			assertThat(context).getBeans(OperationalEventListener.class).containsValue(
					context.getBean(DisabledTargetReasons.class));
		});
	}

	@Test
	void withoutSpringSecurityThePagesAreOff() {
		this.runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(AdminApiController.class).doesNotHaveBean(AdminPageController.class)
				.doesNotHaveBean(AdminTargetsController.class).doesNotHaveBean(DisabledTargetReasons.class)
				.doesNotHaveBean(WebhooksAccess.class);
		});
	}

	@Test
	void withoutSpringSecurityThePagesAreServedOpenOnlyWhenExplicitlyAllowed() {
		this.runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
			.withPropertyValues("webhooks.admin.allow-without-security=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(AdminApiController.class).hasSingleBean(AdminTargetsController.class);
				assertThat(context.getBean(WebhooksAccess.class)).isSameAs(WebhooksAccess.ALLOW_ALL);
			});
	}

	@Test
	void allowingWithoutSecurityChangesNothingWhenSpringSecurityIsPresent() {
		this.runner.withPropertyValues("webhooks.admin.allow-without-security=true")
			.run((context) -> assertThat(context.getBean(WebhooksAccess.class))
				.isInstanceOf(SpringSecurityWebhooksAccess.class));
	}

	@Test
	void thePagesCanBeSwitchedOff() {
		this.runner.withPropertyValues("webhooks.admin.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AdminApiController.class)
				.doesNotHaveBean(AdminPageController.class));
	}

	@Test
	void withoutTheOperationsThereAreNoPages() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebhooksAutoConfiguration.class,
				WebhooksAccessAutoConfiguration.class, AdminAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AdminApiController.class));
	}

	@Test
	void anAccessBeanOfTheApplicationIsUsed() {
		WebhooksAccess own = (request, action) -> {
		};
		this.runner.withBean(WebhooksAccess.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(AdminApiController.class);
			assertThat(context.getBean(WebhooksAccess.class)).isSameAs(own);
		});
	}

	@Test
	void thePagesCheckTheRoleOfTheirProperty() {
		this.runner.withPropertyValues("webhooks.admin.role=OPERATOR").run((context) -> {
			SpringSecurityWebhooksAccess access = context.getBean(SpringSecurityWebhooksAccess.class);
			assertThat(access.role(WebhooksAccess.Action.USE_ADMIN_PAGES)).isEqualTo("OPERATOR");
			assertThat(access.role(WebhooksAccess.Action.MANAGE_HOOKS)).isEqualTo("WEBHOOKS_ADMIN");
		});
	}

	@Test
	void aPathEndingWithASlashFailsTheStartNamingTheProperty() {
		this.runner.withPropertyValues("webhooks.admin.path=/admin/").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageContaining("webhooks.admin.path");
		});
	}

	@Test
	void anEmptyRoleFailsTheStartNamingTheProperty() {
		this.runner.withPropertyValues("webhooks.admin.role= ").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("webhooks.admin.role");
		});
	}

	@ParameterizedTest
	@CsvSource({ "path, admin, must start with", "page-size, 0, between 1 and 500", "page-size, 501, between 1 and 500",
			"chart-hours, 0, between 1 and 48", "chart-hours, 49, between 1 and 48" })
	void aBadValueFailsTheStartNamingTheProperty(String property, String value, String problem) {
		this.runner.withPropertyValues("webhooks.admin." + property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageStartingWith("webhooks.admin." + property + ": ")
				.hasMessageContaining(problem);
		});
	}

	@Test
	void theSettingsAreCheckedWhenBoundEvenWithoutTheOperations() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebhooksAutoConfiguration.class, AdminAutoConfiguration.class))
			.withUserConfiguration(PropertiesOnly.class)
			.withPropertyValues("webhooks.admin.chart-hours=-1")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageContaining("webhooks.admin.chart-hours"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AdminProperties.class)
	static class PropertiesOnly {

	}

	@Configuration(proxyBeanMethods = false)
	static class OutboxConfiguration {

		@Bean
		DataSource dataSource() {
			return DataSourceBuilder.create().url("jdbc:h2:mem:admin-autoconfiguration").username("sa").build();
		}

		@Bean
		WebhookOperations webhookOperations(DataSource dataSource) {
			JdbcOutbox outbox = JdbcOutbox.of(dataSource, JsonMapper.builder().build());
			return new WebhookOperations(outbox.queries(), outbox.commands(), outbox.targets(), Clock.systemUTC(),
					WebhookOperations.Settings.defaults(), () -> {
					});
		}

	}

}
