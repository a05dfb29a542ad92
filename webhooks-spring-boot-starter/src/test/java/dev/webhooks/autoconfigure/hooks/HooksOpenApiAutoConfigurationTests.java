package dev.webhooks.autoconfigure.hooks;

import dev.webhooks.autoconfigure.WebhooksAutoConfiguration;
import dev.webhooks.autoconfigure.WebhooksOutboxAutoConfiguration;
import dev.webhooks.autoconfigure.security.WebhooksAccessAutoConfiguration;
import dev.webhooks.spring.hooks.HooksApiDocumentation;
import dev.webhooks.spring.hooks.HooksController;
import org.junit.jupiter.api.Test;
import org.springdoc.core.models.GroupedOpenApi;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class HooksOpenApiAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class,
				WebhooksAutoConfiguration.class, WebhooksOutboxAutoConfiguration.class,
				WebhooksAccessAutoConfiguration.class, HooksAutoConfiguration.class,
				HooksOpenApiAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:hooks-${random.uuid}", "webhooks.app-id=shop");

	@Test
	void describesTheRestApiAsTheSpringdocGroupWebhooksHooksUnderItsPath() {
		this.runner.withPropertyValues("webhooks.hooks.api.path=/ops/hooks").run((context) -> {
			assertThat(context).hasSingleBean(HooksController.class).hasSingleBean(GroupedOpenApi.class);
			GroupedOpenApi group = context.getBean(GroupedOpenApi.class);
			assertThat(group.getGroup()).isEqualTo(HooksApiDocumentation.GROUP);
			assertThat(group.getPathsToMatch()).containsExactly("/ops/hooks", "/ops/hooks/**");
			assertThat(group.getOpenApiCustomizers()).hasOnlyElementsOfType(HooksApiDocumentation.class);
		});
	}

	@Test
	void changesNothingWithoutSpringdoc() {
		this.runner.withClassLoader(new FilteredClassLoader(GroupedOpenApi.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(HooksController.class)
				.doesNotHaveBean("webhooksHooksOpenApi"));
	}

	@Test
	void isOffWithItsPropertyOrWithoutTheRestApi() {
		this.runner.withPropertyValues("webhooks.hooks.api.openapi.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(HooksController.class)
				.doesNotHaveBean(GroupedOpenApi.class));
		this.runner.withPropertyValues("webhooks.hooks.api.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HooksController.class)
				.doesNotHaveBean(GroupedOpenApi.class));
	}

	@Test
	void backsOffForTheApplicationsOwnGroupOfTheSameName() {
		this.runner.withUserConfiguration(OwnGroup.class).run((context) -> {
			assertThat(context).hasSingleBean(GroupedOpenApi.class);
			assertThat(context.getBean(GroupedOpenApi.class).getDisplayName()).isEqualTo("Our hooks");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnGroup {

		@Bean
		GroupedOpenApi webhooksHooksOpenApi() {
			return GroupedOpenApi.builder()
				.group(HooksApiDocumentation.GROUP)
				.displayName("Our hooks")
				.pathsToMatch("/webhooks/api/hooks/**")
				.build();
		}

	}

}
