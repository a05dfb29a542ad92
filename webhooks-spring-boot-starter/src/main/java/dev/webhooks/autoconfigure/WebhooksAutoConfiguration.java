package dev.webhooks.autoconfigure;

import java.time.Clock;

import dev.webhooks.publish.PeerServers;
import dev.webhooks.signing.WebhookSigner;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;

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
	 * A one-shot command ({@code --webhooks.command}) or a worker node runs with no web server, where Spring Boot
	 * does not enable web security: an application's {@link SecurityFilterChain} bean, which needs
	 * {@link HttpSecurity}, could not be created and the application would not start. Enabled here, the chain is
	 * built as usual and never serves a request.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnNotWebApplication
	@ConditionalOnClass({ EnableWebSecurity.class, SecurityFilterChain.class })
	@ConditionalOnBean(SecurityFilterChain.class)
	@ConditionalOnMissingBean(HttpSecurity.class)
	@EnableWebSecurity
	static class NoWebServerSecurityConfiguration {

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
