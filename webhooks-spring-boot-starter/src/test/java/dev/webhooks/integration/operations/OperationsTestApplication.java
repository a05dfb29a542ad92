package dev.webhooks.integration.operations;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application with the starter and Actuator, and no entities of its own: the outbox is all it has. Actuator is
 * secured with the chain of docs/production.md, word for word and unguarded, so that one-shot commands of this
 * application prove they start beside it: health is open, the webhooks endpoint needs the OPS or MONITORING role
 * (writes OPS), every other endpoint is refused.
 */
@SpringBootApplication
public class OperationsTestApplication {

	static final String OPERATOR = "operator";

	static final String MONITOR = "monitor";

	static final String PASSWORD = "s3cret-for-tests";

	@Bean
	SecurityFilterChain actuator(HttpSecurity http) {
		return http.securityMatcher("/actuator/**")
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
				.requestMatchers(HttpMethod.POST, "/actuator/webhooks/**").hasRole("OPS")
				.requestMatchers("/actuator/webhooks/**").hasAnyRole("OPS", "MONITORING")
				.anyRequest().denyAll())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/actuator/**"))
			.build();
	}

	@Bean
	InMemoryUserDetailsManager operators() {
		return new InMemoryUserDetailsManager(
				User.withUsername(OPERATOR).password("{noop}" + PASSWORD).roles("OPS").build(),
				User.withUsername(MONITOR).password("{noop}" + PASSWORD).roles("MONITORING").build());
	}

}
