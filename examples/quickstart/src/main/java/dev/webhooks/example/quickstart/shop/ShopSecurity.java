package dev.webhooks.example.quickstart.shop;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The shop's security: the product API and the live page stay open, as before; the webhooks admin pages
 * (/webhooks-admin) and the hooks REST API need a login with the role {@code WEBHOOKS_ADMIN}. Log in as
 * {@code admin} / {@code admin}: demo credentials, never for a real deployment.
 */
@Configuration(proxyBeanMethods = false)
class ShopSecurity {

	@Bean
	SecurityFilterChain shopSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/webhooks-admin/**", "/webhooks/api/**").hasRole("WEBHOOKS_ADMIN")
			.anyRequest().permitAll())
			.formLogin(Customizer.withDefaults())
			// the demo product API is called by curl and scripts; the admin pages send the CSRF token with every change
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/products", "/products/**"));
		return http.build();
	}

	@Bean
	UserDetailsService shopUsers() {
		return new InMemoryUserDetailsManager(
				User.withUsername("admin").password("{noop}admin").roles("WEBHOOKS_ADMIN").build(),
				// logged in, but without the role: the admin pages refuse this one
				User.withUsername("clerk").password("{noop}clerk").roles("SHOP").build());
	}

}
