package dev.webhooks.admin.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.admin.AdminAccess;
import dev.webhooks.admin.AdminApiController;
import dev.webhooks.admin.AdminPageController;
import dev.webhooks.admin.SpringSecurityAdminAccess;
import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.WebhooksAutoConfiguration;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.testing.JdbcOutbox;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhooksAutoConfiguration.class, AdminAutoConfiguration.class))
		.withUserConfiguration(OutboxConfiguration.class);

	@Test
	void withSpringSecurityThePagesAreServedBehindTheRoleCheck() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AdminApiController.class).hasSingleBean(AdminPageController.class);
			assertThat(context.getBean(AdminAccess.class)).isInstanceOf(SpringSecurityAdminAccess.class);
		});
	}

	@Test
	void withoutSpringSecurityThePagesAreOff() {
		this.runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(AdminApiController.class).doesNotHaveBean(AdminPageController.class)
				.doesNotHaveBean(AdminAccess.class);
		});
	}

	@Test
	void withoutSpringSecurityThePagesAreServedOpenOnlyWhenExplicitlyAllowed() {
		this.runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
			.withPropertyValues("webhooks.admin.allow-without-security=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(AdminApiController.class);
				assertThat(context.getBean(AdminAccess.class)).isSameAs(AdminAccess.ALLOW_ALL);
			});
	}

	@Test
	void allowingWithoutSecurityChangesNothingWhenSpringSecurityIsPresent() {
		this.runner.withPropertyValues("webhooks.admin.allow-without-security=true")
			.run((context) -> assertThat(context.getBean(AdminAccess.class))
				.isInstanceOf(SpringSecurityAdminAccess.class));
	}

	@Test
	void thePagesCanBeSwitchedOff() {
		this.runner.withPropertyValues("webhooks.admin.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AdminApiController.class)
				.doesNotHaveBean(AdminAccess.class));
	}

	@Test
	void withoutTheOperationsThereAreNoPages() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebhooksAutoConfiguration.class, AdminAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AdminApiController.class));
	}

	@Test
	void anAccessBeanOfTheApplicationIsUsed() {
		AdminAccess own = (request) -> {
		};
		this.runner.withBean(AdminAccess.class, () -> own)
			.run((context) -> assertThat(context.getBean(AdminAccess.class)).isSameAs(own));
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

	@Test
	void aPageSizeOutOfRangeFailsTheStartNamingTheProperty() {
		this.runner.withPropertyValues("webhooks.admin.page-size=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("webhooks.admin.page-size");
		});
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
