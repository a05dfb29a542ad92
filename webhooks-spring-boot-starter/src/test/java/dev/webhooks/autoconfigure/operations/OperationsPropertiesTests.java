package dev.webhooks.autoconfigure.operations;

import java.util.Map;

import dev.webhooks.autoconfigure.InvalidPropertyValues;
import dev.webhooks.operations.WebhookOperations;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultValuesAreConsistent() {
		OperationsProperties properties = new OperationsProperties();
		WebhookOperations.Settings settings = WebhookOperations.Settings.defaults();
		assertThat(properties.getPurge().getRetention()).isEqualTo(settings.retention());
		assertThat(properties.getPurge().getBatchSize()).isEqualTo(settings.purgeBatchSize());
		assertThat(properties.getFailingWindow()).isEqualTo(settings.failingWindow());
		assertThat(properties.getMaxFailingTargets()).isEqualTo(settings.maxFailingTargets());
		properties.validate();
	}

	@Test
	void everyInvalidValueFailsTheStartUpNamingItsProperty() {
		Map<String, String> invalid = Map.ofEntries(Map.entry("webhooks.operations.purge.retention", "-1d"),
				Map.entry("webhooks.operations.purge.interval", "0s"),
				Map.entry("webhooks.operations.purge.batch-size", "0"),
				Map.entry("webhooks.operations.failing-window", "0s"),
				Map.entry("webhooks.operations.max-failing-targets", "-1"),
				Map.entry("webhooks.operations.health.max-pending-age", "0s"),
				Map.entry("webhooks.operations.health.stall-timeout", "-1m"),
				Map.entry("webhooks.operations.health.timeout", "0s"),
				Map.entry("webhooks.operations.auto-disable.after", "0s"),
				Map.entry("webhooks.operations.auto-disable.check-interval", "0s"),
				Map.entry("webhooks.operations.metrics.queue-refresh-interval", "-1s"));
		InvalidPropertyValues.assertEachFailsNamingItsProperty(this.runner, invalid, null);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OperationsProperties.class)
	static class PropertiesConfiguration {

	}

}
