package dev.webhooks.integration.hooks;

import dev.webhooks.hooks.payload.HookPayloadSerializer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

@SpringBootApplication
public class HooksTestApplication {

	@Bean
	HookPayloadSerializer articleSummary() {
		return (context) -> "{\"summary\":\"" + context.event() + ":"
				+ ((context.entity() instanceof Article article) ? article.getId() : "?") + "\"}";
	}

	@Bean
	HookPayloadSerializer failing() {
		return (context) -> {
			throw new IllegalStateException("the ERP format has no field for " + context.event());
		};
	}

	/** The application's own chain: HTTP basic, the API left to the starter's role check. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	static class SecurityConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.csrf((csrf) -> csrf.disable())
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("admin").password("{noop}secret").roles("WEBHOOKS_ADMIN").build(),
					User.withUsername("clerk").password("{noop}secret").roles("CLERK").build());
		}

	}

}
