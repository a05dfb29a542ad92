package dev.webhooks.spring.idempotency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webhooks.idempotency.IdempotencyKey;
import dev.webhooks.idempotency.IdempotencyKeyExempt;
import dev.webhooks.idempotency.IdempotencyKeyManual;
import dev.webhooks.idempotency.StoredResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with endpoints for every idempotency treatment, each counting how often it ran, served by a real
 * embedded server in the tests. Basic authentication is optional (users alice and bob), so keys can be scoped per
 * caller.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
@Import({ IdempotencyTestApplication.OrdersController.class, IdempotencyTestApplication.KeyedController.class,
		IdempotencyTestApplication.SecurityConfiguration.class })
public class IdempotencyTestApplication {

	/** Properties every test application starts with: a random port, no JPA nor Flyway (not needed here). */
	public static final String[] COMMON_PROPERTIES = { "server.port=0",
			"spring.autoconfigure.exclude=org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
					+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
					+ "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
			"spring.cache.cache-names=webhooks-idempotency,orders-cache", "spring.main.banner-mode=off" };

	@Bean
	Invocations invocations() {
		return new Invocations();
	}

	@Bean
	Gate gate() {
		return new Gate();
	}

	/** How often each endpoint ran. */
	public static final class Invocations {

		private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		int record(String endpoint) {
			return this.counts.computeIfAbsent(endpoint, (name) -> new AtomicInteger()).incrementAndGet();
		}

		public int of(String endpoint) {
			AtomicInteger count = this.counts.get(endpoint);
			return (count != null) ? count.get() : 0;
		}

	}

	/** Holds the slow endpoint until a test opens it. */
	public static final class Gate {

		private volatile CountDownLatch latch = new CountDownLatch(1);

		private final AtomicInteger entered = new AtomicInteger();

		public void open() {
			this.latch.countDown();
		}

		/** Closes the gate again for the next test. */
		public void reset() {
			this.latch = new CountDownLatch(1);
			this.entered.set(0);
		}

		public int entered() {
			return this.entered.get();
		}

		void pass() throws InterruptedException {
			this.entered.incrementAndGet();
			if (!this.latch.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The gate was never opened");
			}
		}

	}

	@RestController
	static class OrdersController {

		private final Invocations invocations;

		private final Gate gate;

		OrdersController(Invocations invocations, Gate gate) {
			this.invocations = invocations;
			this.gate = gate;
		}

		@PostMapping("/orders")
		@IdempotencyKey
		ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) @Nullable String body) {
			int run = this.invocations.record("orders");
			return ResponseEntity.status(HttpStatus.CREATED)
				.header("Location", "/orders/" + run)
				.body(Map.of("order", run, "body", (body != null) ? body : ""));
		}

		@GetMapping("/orders")
		Map<String, Object> list() {
			return Map.of("orders", this.invocations.record("list"));
		}

		@PostMapping("/optional")
		@IdempotencyKey(optional = true)
		Map<String, Object> optional() {
			return Map.of("run", this.invocations.record("optional"));
		}

		@PostMapping("/unmarked")
		Map<String, Object> unmarked() {
			return Map.of("run", this.invocations.record("unmarked"));
		}

		@PostMapping("/exempt")
		@IdempotencyKeyExempt
		Map<String, Object> exempt() {
			return Map.of("run", this.invocations.record("exempt"));
		}

		@PostMapping("/manual")
		@IdempotencyKeyManual
		Map<String, Object> manual(IdempotencyKeyStatus status, HttpServletRequest request) {
			StoredResponse previous = (StoredResponse) request.getAttribute(IdempotencyKeyStatus.RESPONSE_ATTRIBUTE);
			return Map.of("run", this.invocations.record("manual"), "seen", status.seen(), "seenAttribute",
					request.getAttribute(IdempotencyKeyStatus.SEEN_ATTRIBUTE), "previousStatus",
					(previous != null) ? previous.status() : 0);
		}

		@PostMapping("/status/{status}")
		@IdempotencyKey
		ResponseEntity<String> status(@PathVariable int status) {
			int run = this.invocations.record("status-" + status);
			return ResponseEntity.status(status).body("run " + run);
		}

		@PostMapping("/exception")
		@IdempotencyKey
		String exception() {
			this.invocations.record("exception");
			throw new IllegalStateException("endpoint failure");
		}

		@PostMapping("/slow")
		@IdempotencyKey
		ResponseEntity<String> slow() throws InterruptedException {
			int run = this.invocations.record("slow");
			this.gate.pass();
			return ResponseEntity.status(HttpStatus.CREATED).body("slow " + run);
		}

		@PostMapping("/form")
		@IdempotencyKey
		Map<String, Object> form(@org.springframework.web.bind.annotation.RequestParam String item) {
			return Map.of("run", this.invocations.record("form"), "item", item);
		}

		@PostMapping("/async")
		@IdempotencyKey
		java.util.concurrent.Callable<ResponseEntity<String>> async() {
			return () -> {
				int run = this.invocations.record("async");
				return ResponseEntity.status(HttpStatus.CREATED).header("X-Run", String.valueOf(run)).body("async " + run);
			};
		}

		@PostMapping("/cached")
		@IdempotencyKey(cacheName = "orders-cache")
		Map<String, Object> cached() {
			return Map.of("run", this.invocations.record("cached"));
		}

	}

	/** Annotations on a superclass apply to the subclass's endpoints. */
	@IdempotencyKey
	abstract static class KeyedEndpoints {

		@PostMapping("/inherited/exempt")
		@IdempotencyKeyExempt
		abstract Map<String, Object> exempt();

	}

	@RestController
	static class KeyedController extends KeyedEndpoints {

		private final Invocations invocations;

		KeyedController(Invocations invocations) {
			this.invocations = invocations;
		}

		@PostMapping("/inherited")
		Map<String, Object> inherited() {
			return Map.of("run", this.invocations.record("inherited"));
		}

		@Override
		Map<String, Object> exempt() {
			return Map.of("run", this.invocations.record("inherited-exempt"));
		}

	}

	@Configuration(proxyBeanMethods = false)
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
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").build(),
					User.withUsername("bob").password("{noop}secret").build());
		}

	}

}
