package dev.webhooks.integration.operations;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application with the starter and Actuator, and no entities of its own: the outbox is all it has. The webhooks
 * endpoint is secured as production docs suggest: reads are open here, writes need the OPS role.
 */
@SpringBootApplication
public class OperationsTestApplication {

	static final String OPERATOR = "operator";

	static final String PASSWORD = "s3cret-for-tests";

	/** Only a web node has an HTTP security chain; commands and worker nodes serve nothing. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	static class WebSecurity {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			return http
				.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.POST, "/actuator/webhooks/**")
					.hasRole("OPS")
					.anyRequest()
					.permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.ignoringRequestMatchers("/actuator/**"))
				.build();
		}

		@Bean
		InMemoryUserDetailsManager operators() {
			return new InMemoryUserDetailsManager(
					User.withUsername(OPERATOR).password("{noop}" + PASSWORD).roles("OPS").build());
		}

	}

}
