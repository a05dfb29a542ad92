package dev.webhooks.autoconfigure.hooks;

import dev.webhooks.spring.hooks.HooksApiDocumentation;
import dev.webhooks.spring.hooks.HooksController;
import org.springdoc.core.models.GroupedOpenApi;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The hooks REST API's OpenAPI description, when the application uses springdoc-openapi: the group
 * {@value HooksApiDocumentation#GROUP}, served at {@code /v3/api-docs/webhooks-hooks}. Runs before springdoc's own
 * auto-configuration, which serves groups only when it finds a {@link GroupedOpenApi} bean.
 */
@AutoConfiguration(after = HooksAutoConfiguration.class,
		beforeName = { "org.springdoc.core.configuration.SpringDocConfiguration",
				"org.springdoc.webmvc.core.configuration.SpringDocWebMvcConfiguration",
				"org.springdoc.webmvc.core.configuration.MultipleOpenApiSupportConfiguration" })
@ConditionalOnClass(GroupedOpenApi.class)
@ConditionalOnBean({ HooksController.class, HooksProperties.class })
@ConditionalOnBooleanProperty(name = "webhooks.hooks.api.openapi.enabled", matchIfMissing = true)
public final class HooksOpenApiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "webhooksHooksOpenApi")
	GroupedOpenApi webhooksHooksOpenApi(HooksProperties properties) {
		return HooksApiDocumentation.group(properties.getApi().getPath(), properties.getApi().getRole());
	}

}
