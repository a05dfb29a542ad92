package dev.webhooks.autoconfigure;

import java.time.Clock;

import dev.webhooks.publish.PeerServers;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.receive.IdempotentReceivedMessages;
import dev.webhooks.receive.ReceivedMessages;
import dev.webhooks.receive.WebhookHandlerRegistry;
import dev.webhooks.receive.WebhookInbox;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.spring.receive.WebhookHandlerMethodRegistrar;
import dev.webhooks.spring.receive.WebhookReceiverController;
import tools.jackson.databind.json.JsonMapper;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The receiving side: the endpoint at {@code webhooks.receiver.path} and the routing to {@code @WebhookHandler}
 * methods.
 */
@AutoConfiguration(after = WebhooksAutoConfiguration.class,
		afterName = "dev.webhooks.autoconfigure.idempotency.IdempotencyAutoConfiguration")
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "webhooks.receiver.enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
public final class WebhookReceiverAutoConfiguration {

	// infrastructure: created early for the registrar below, so never post-processed itself
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static WebhookHandlerRegistry webhookHandlerRegistry() {
		return new WebhookHandlerRegistry();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static WebhookHandlerMethodRegistrar webhookHandlerMethodRegistrar(WebhookHandlerRegistry registry) {
		return new WebhookHandlerMethodRegistrar(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	SignatureVerifier webhooksSignatureVerifier(WebhooksProperties properties, Clock clock) {
		return new SignatureVerifier(properties.getReceiver().getTimestampTolerance(),
				clock);
	}

	/** Remembers handled messages in the idempotency store, so a redelivered message runs its handler once. */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(IdempotencyStore.class)
	@ConditionalOnBooleanProperty(name = "webhooks.receiver.deduplication.enabled", matchIfMissing = true)
	ReceivedMessages webhooksReceivedMessages(IdempotencyStore store, WebhooksProperties properties) {
		ReceiverProperties.Deduplication deduplication = properties.getReceiver().getDeduplication();
		return new IdempotentReceivedMessages(store, deduplication.getRetention(), deduplication.getLockTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookInbox webhookInbox(PeerServers peers, WebhooksProperties properties, SignatureVerifier verifier,
			JsonMapper jsonMapper, WebhookHandlerRegistry handlers, ObjectProvider<ReceivedMessages> receivedMessages,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		WebhookInbox inbox = new WebhookInbox(peers, properties.getReceiver().toInboundSources(), verifier, jsonMapper,
				handlers,
				receivedMessages.getIfAvailable(() -> ReceivedMessages.NONE));
		observationRegistry.ifAvailable(inbox::setObservationRegistry);
		return inbox;
	}

	/** Stops start-up when a handler names an inbound source that is not configured: its webhooks would be 404s. */
	@Bean
	SmartInitializingSingleton webhooksHandlerSourcesCheck(WebhookInbox inbox) {
		return inbox::checkHandlerSources;
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookReceiverController webhookReceiverController(WebhookInbox inbox, WebhooksProperties properties) {
		return new WebhookReceiverController(inbox, properties.getReceiver().getMaxBodySize().toBytes());
	}

	/**
	 * Lets webhooks past Spring Security: they carry no session, cookie or CSRF token, and the receiver
	 * authenticates each one by its signature. Only the receiver path is skipped; the application's own security
	 * is left as it is.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebSecurityCustomizer.class)
	@ConditionalOnBooleanProperty(name = "webhooks.receiver.skip-spring-security", matchIfMissing = true)
	static class ReceiverSecurityConfiguration {

		@Bean
		WebSecurityCustomizer webhooksReceiverSecurityCustomizer(WebhooksProperties properties) {
			String path = properties.getReceiver().getPath();
			// the base path for the servers' messages, one segment below it for each inbound source
			return (web) -> web.ignoring()
				.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path),
						PathPatternRequestMatcher.withDefaults()
							.matcher(HttpMethod.POST, path + "/*"));
		}

	}

}
