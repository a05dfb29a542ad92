package dev.webhooks.autoconfigure.idempotency;

import java.util.Map;

import dev.webhooks.autoconfigure.InvalidPropertyValues;
import dev.webhooks.idempotency.IdempotencyKeyParser;
import dev.webhooks.idempotency.IdempotencyPolicy;
import dev.webhooks.idempotency.StoredStatuses;
import dev.webhooks.idempotency.redis.RedisIdempotencyStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultValuesAreConsistent() {
		IdempotencyProperties properties = new IdempotencyProperties();
		IdempotencyPolicy policy = IdempotencyPolicy.defaults();
		assertThat(properties.getRetention()).isEqualTo(policy.retention());
		assertThat(properties.getLockTimeout()).isEqualTo(policy.lockTimeout());
		assertThat(properties.getStoredStatuses()).isEqualTo(StoredStatuses.DEFAULT);
		assertThat(properties.getMaxKeyLength()).isEqualTo(IdempotencyKeyParser.DEFAULT_MAX_LENGTH);
		assertThat(properties.getRedisKeyPrefix()).isEqualTo(RedisIdempotencyStore.DEFAULT_KEY_PREFIX);
		properties.validate();
	}

	@Test
	void everyInvalidValueFailsTheStartUpNamingItsProperty() {
		Map<String, String> invalid = Map.ofEntries(Map.entry("webhooks.idempotency.header", " "),
				Map.entry("webhooks.idempotency.max-key-length", "0"),
				Map.entry("webhooks.idempotency.retention", "0s"),
				Map.entry("webhooks.idempotency.lock-timeout", "-1s"),
				Map.entry("webhooks.idempotency.in-flight-status", "500"),
				Map.entry("webhooks.idempotency.replay-status", "99"),
				Map.entry("webhooks.idempotency.stored-statuses", "2xx,ok"),
				Map.entry("webhooks.idempotency.purge-interval", "-1h"),
				Map.entry("webhooks.idempotency.cache-name", " "),
				Map.entry("webhooks.idempotency.redis-key-prefix", " "));
		InvalidPropertyValues.assertEachFailsNamingItsProperty(this.runner, invalid, null);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(IdempotencyProperties.class)
	static class PropertiesConfiguration {

	}

}
