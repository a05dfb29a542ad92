package dev.webhooks.integration.tracing.sender;

import java.util.Map;

import dev.webhooks.integration.tracing.TracingTestSpans;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A sending application whose one endpoint saves an entity that is sent to the receiver. */
@SpringBootApplication
public class TracedSenderApplication {

	@Bean
	SecurityFilterChain openForTests(HttpSecurity http) throws Exception {
		return http.csrf((csrf) -> csrf.disable())
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.build();
	}

	@Bean
	SpanProcessor inMemorySpans() {
		return TracingTestSpans.processor();
	}

	@RestController
	static class ParcelController {

		private final ParcelRepository parcels;

		ParcelController(ParcelRepository parcels) {
			this.parcels = parcels;
		}

		@PostMapping("/parcels")
		Map<String, Object> create(@RequestBody Map<String, String> body) {
			Parcel parcel = this.parcels.save(new Parcel(body.get("label")));
			return Map.of("id", parcel.getId());
		}

	}

}
