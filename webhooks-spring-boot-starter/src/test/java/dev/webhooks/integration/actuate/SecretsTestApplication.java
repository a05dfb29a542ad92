package dev.webhooks.integration.actuate;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application with the starter and Actuator and nothing else, whose configuration holds every kind of secret the
 * library reads. Its operator may read every Actuator endpoint.
 */
@SpringBootApplication
public class SecretsTestApplication {

	static final String OPERATOR = "operator";

	static final String PASSWORD = "operator-password-for-tests";

	@Bean
	SecurityFilterChain actuator(HttpSecurity http) {
		return http.securityMatcher("/actuator/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("OPS"))
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	@Bean
	InMemoryUserDetailsManager operators() {
		return new InMemoryUserDetailsManager(
				User.withUsername(OPERATOR).password("{noop}" + PASSWORD).roles("OPS").build());
	}

}
