package dev.webhooks.autoconfigure;

import java.time.Clock;

import dev.webhooks.publish.PeerServers;
import dev.webhooks.signing.WebhookSigner;
import tools.jackson.databind.json.JsonMapper;

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
		return properties.toPeerServers();
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookSigner webhookSigner() {
		return new WebhookSigner();
	}

	/**
	 * The clock every part of the library reads, unless the application defines its own {@link Clock} bean (tests
	 * often do).
	 */
	@Bean
	@ConditionalOnMissingBean
	Clock webhooksClock() {
		return Clock.systemUTC();
	}

	/**
	 * The JSON mapper every part of the library writes and reads with, unless the application has its own (Spring
	 * Boot's Jackson auto-configuration defines one).
	 */
	@Bean
	@ConditionalOnMissingBean
	JsonMapper webhooksJsonMapper() {
		return JsonMapper.builder().build();
	}

}
