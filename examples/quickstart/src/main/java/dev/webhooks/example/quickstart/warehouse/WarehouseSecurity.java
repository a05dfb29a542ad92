package dev.webhooks.example.quickstart.warehouse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The warehouse serves no pages: its webhook endpoint is authenticated by the signature of each message, and its
 * stock list is open for the demo. CSRF protection is for browsers with sessions, which never call it.
 */
@Configuration(proxyBeanMethods = false)
class WarehouseSecurity {

	@Bean
	SecurityFilterChain warehouseSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
