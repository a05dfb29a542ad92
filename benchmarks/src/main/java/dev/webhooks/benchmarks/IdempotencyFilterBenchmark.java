package dev.webhooks.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

import dev.webhooks.idempotency.IdempotencyKey;
import dev.webhooks.idempotency.IdempotencyKeyExempt;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.jdbc.WebhooksSchema;
import dev.webhooks.testing.TestDatabase;
import dev.webhooks.testing.TestRedis;
import org.HdrHistogram.Histogram;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The idempotency filter's added latency per request, for each store, over real HTTP on one embedded server: the same
 * trivial endpoint without a key check (the limit), with a new key per request (claim, run, store the response), and
 * with a repeated key (replay). Requests are sequential and interleaved so all three see the same machine state.
 * <p>
 * Run with {@code ./mvnw -pl benchmarks -am verify -Pbenchmark -DskipTests
 * -Dbenchmark.main=dev.webhooks.benchmarks.IdempotencyFilterBenchmark}; optional arguments: warm-up and measured
 * requests per variant (default 2000 and 5000).
 */
public final class IdempotencyFilterBenchmark {

	private static final String BODY = "{\"amount\":1000,\"currency\":\"eur\",\"description\":\"benchmark order\"}";

	private IdempotencyFilterBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int warmup = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		int measured = (args.length > 1) ? Integer.parseInt(args[1]) : 5000;
		System.setProperty("webhooks.test.require-services", System.getProperty("webhooks.test.require-services",
				"false"));
		// a first, discarded run warms the JVM (JIT, Tomcat, HTTP client) so the first store is not penalised
		run("warm-up", warmup, warmup, () -> new Setup(new String[] { "webhooks.idempotency.store=memory" }, () -> {
		}));
		List<Row> rows = new ArrayList<>();
		rows.add(run("memory", warmup, measured, () -> new Setup(new String[] { "webhooks.idempotency.store=memory" },
				() -> {
				})));
		for (TestDatabase.Kind kind : TestDatabase.Kind.values()) {
			rows.add(run(kind.name().toLowerCase(Locale.ROOT), warmup, measured, () -> {
				TestDatabase database = TestDatabase.create(kind);
				WebhooksSchema.migrate(database.dataSource());
				List<String> properties = new ArrayList<>(List.of(database.springProperties()));
				properties.add("webhooks.idempotency.store=jdbc");
				return new Setup(properties.toArray(new String[0]), database::close);
			}));
		}
		rows.add(run("redis", warmup, measured, () -> {
			TestRedis redis = TestRedis.create();
			List<String> properties = new ArrayList<>(List.of(redis.springProperties()));
			properties.add("webhooks.idempotency.store=redis");
			properties.add("webhooks.idempotency.redis-key-prefix=" + redis.keyPrefix());
			return new Setup(properties.toArray(new String[0]), redis::close);
		}));
		print(rows, warmup, measured);
	}

	private static Row run(String store, int warmup, int measured, Supplier<Setup> setupFactory) {
		Setup setup;
		try {
			setup = setupFactory.get();
		}
		catch (Throwable ex) {
			System.out.println(store + ": skipped, " + ex.getMessage());
			return new Row(store, null, null, null);
		}
		List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"logging.level.root=WARN",
				"spring.autoconfigure.exclude=org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
						+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
						+ "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration"));
		properties.addAll(List.of(setup.properties()));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
			.properties(properties.toArray(new String[0]))
			.run()) {
			System.out.println(store + ": " + context.getBean(IdempotencyStore.class).getClass().getSimpleName());
			String base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			Histogram plain = new Histogram(3);
			Histogram firstUse = new Histogram(3);
			Histogram replay = new Histogram(3);
			String replayKey = UUID.randomUUID().toString();
			for (int i = 0; i < warmup + measured; i++) {
				boolean record = i >= warmup;
				time(client, base + "/plain", null, record ? plain : null);
				time(client, base + "/keyed", UUID.randomUUID().toString(), record ? firstUse : null);
				time(client, base + "/keyed", replayKey, record ? replay : null);
			}
			return new Row(store, plain, firstUse, replay);
		}
		finally {
			setup.cleanUp().run();
		}
	}

	private static void time(HttpClient client, String url, String key, Histogram histogram) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(BODY));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 201) {
				throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (histogram != null) {
			histogram.recordValue((System.nanoTime() - start) / 1000);
		}
	}

	private static void print(List<Row> rows, int warmup, int measured) {
		System.out.println();
		System.out.printf("Idempotency filter, sequential POSTs over HTTP/1.1 to one embedded Tomcat, %d warm-up + %d "
				+ "measured requests per variant; latency in microseconds; ratio = p50 / p50 of the same endpoint "
				+ "without a key check%n%n", warmup, measured);
		System.out.println("| Store | no key check p50 / p99 | new key p50 / p99 | ratio | replay p50 / p99 | ratio |");
		System.out.println("|---|---|---|---|---|---|");
		for (Row row : rows) {
			if (row.plain() == null) {
				System.out.printf("| %s | skipped (service unreachable) | | | | |%n", row.store());
				continue;
			}
			System.out.printf("| %s | %d / %d | %d / %d | %.2f | %d / %d | %.2f |%n", row.store(), p(row.plain(), 50),
					p(row.plain(), 99), p(row.firstUse(), 50), p(row.firstUse(), 99),
					(double) p(row.firstUse(), 50) / p(row.plain(), 50), p(row.replay(), 50), p(row.replay(), 99),
					(double) p(row.replay(), 50) / p(row.plain(), 50));
		}
	}

	private static long p(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile);
	}

	private record Setup(String[] properties, Runnable cleanUp) {

	}

	private record Row(String store, Histogram plain, Histogram firstUse, Histogram replay) {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(BenchmarkController.class)
	static class BenchmarkApplication {

	}

	@RestController
	static class BenchmarkController {

		@PostMapping("/plain")
		@IdempotencyKeyExempt
		org.springframework.http.ResponseEntity<String> plain(@RequestBody String body) {
			return org.springframework.http.ResponseEntity.status(201).body("{\"received\":" + body.length() + "}");
		}

		@PostMapping("/keyed")
		@IdempotencyKey
		org.springframework.http.ResponseEntity<String> keyed(@RequestBody String body) {
			return org.springframework.http.ResponseEntity.status(201).body("{\"received\":" + body.length() + "}");
		}

	}

}
