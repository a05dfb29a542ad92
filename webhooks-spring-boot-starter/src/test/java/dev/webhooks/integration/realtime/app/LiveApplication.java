package dev.webhooks.integration.realtime.app;

import dev.webhooks.spring.realtime.RealtimeChannelAuthorizer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** An application whose invoices update live clients. */
@SpringBootApplication
// a CacheManager for the Pusher channel occupancy
@EnableCaching
public class LiveApplication {

	// anyone may call, and HTTP basic credentials of a user below make the request authenticated
	@Bean
	SecurityFilterChain openForTests(HttpSecurity http) throws Exception {
		return http.csrf((csrf) -> csrf.disable())
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}alice-password").build(),
				User.withUsername("bob").password("{noop}bob-password").build());
	}

	// a stand-in for real authentication: the tenant is whatever the X-Tenant header says
	@Bean
	RealtimeChannelAuthorizer tenantChannels() {
		return (channel, request) -> channel.equals("private-tenant-" + request.getHeader("X-Tenant"));
	}

}
