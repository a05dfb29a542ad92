package dev.webhooks.autoconfigure;

import dev.webhooks.spring.actuate.WebhooksSanitizingFunction;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Masks the library's secrets in Actuator's {@code configprops} and {@code env} endpoints. Not switched off by
 * {@code webhooks.enabled=false}: the properties, and their secrets, are there all the same.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class WebhooksSanitizingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "webhooksSanitizingFunction")
	WebhooksSanitizingFunction webhooksSanitizingFunction() {
		return new WebhooksSanitizingFunction();
	}

}
