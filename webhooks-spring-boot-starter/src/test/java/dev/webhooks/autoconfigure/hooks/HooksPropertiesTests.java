package dev.webhooks.autoconfigure.hooks;

import java.util.Map;

import dev.webhooks.autoconfigure.InvalidPropertyValues;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class HooksPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void theDefaultsAreValid() {
		this.runner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void everyInvalidValueFailsTheStartUpNamingItsProperty() {
		Map<String, String> invalid = Map.of("webhooks.hooks.refresh-interval", "0s",
				"webhooks.hooks.custom-events[0]", "created", "webhooks.hooks.api.path", "/webhooks/api/hooks/",
				"webhooks.hooks.api.role", " ", "webhooks.hooks.event-log.retention", "-1d",
				"webhooks.hooks.event-log.replay-page-size", "10001", "webhooks.hooks.event-log.entity-types[0]", " ");
		InvalidPropertyValues.assertEachFailsNamingItsProperty(this.runner, invalid, null);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(HooksProperties.class)
	static class PropertiesConfiguration {

	}

}
