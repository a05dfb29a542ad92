package dev.webhooks.admin.integration;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** An application with the admin pages; its own chain authenticates with HTTP basic and leaves access to the pages. */
@SpringBootApplication
public class AdminTestApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		// scripts with HTTP basic carry no session, so no CSRF token; the browser test covers CSRF with a session
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
