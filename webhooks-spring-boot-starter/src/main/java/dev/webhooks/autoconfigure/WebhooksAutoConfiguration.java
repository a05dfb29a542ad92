package dev.webhooks.autoconfigure;

import java.time.Clock;

import dev.webhooks.publish.PeerServers;
import dev.webhooks.signing.WebhookSigner;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The peers and signing that both the sending and the receiving side need.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebhooksProperties.class)
public final class WebhooksAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PeerServers webhooksPeerServers(WebhooksProperties properties) {
		WebhooksPropertiesValidator.checkSettings(properties);
		return WebhooksPropertiesValidator.peerServers(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookSigner webhookSigner() {
		return new WebhookSigner();
	}

	/** The application's JSON mapper, or a default one. */
	static JsonMapper jsonMapper(ObjectProvider<JsonMapper> jsonMapper) {
		return jsonMapper.getIfUnique(() -> JsonMapper.builder().build());
	}

	/** The application's clock, or the system clock in UTC. */
	static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(Clock::systemUTC);
	}

}
