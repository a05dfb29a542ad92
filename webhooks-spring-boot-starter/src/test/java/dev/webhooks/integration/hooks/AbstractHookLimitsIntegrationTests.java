package dev.webhooks.integration.hooks;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webhooks.testing.TestDatabase;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hook's own limits, set through the REST API, applied by the dispatcher to the hook's lane against a real,
 * slow receiver; and changed while its deliveries are being sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractHookLimitsIntegrationTests {

	/** How long the slow receiver takes to answer: long enough for the lane to count as slow. */
	private static final long SLOW_MILLIS = 400;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final Map<String, Receiving> receiving = new ConcurrentHashMap<>();

	private TestDatabase database;

	private MockWebServer receiver;

	private ConfigurableApplicationContext application;

	private String api;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void startApplication() throws Exception {
		this.database = TestDatabase.create(databaseKind());
		this.receiver = new MockWebServer();
		this.receiver.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String path = request.getUrl().encodedPath();
				Receiving at = AbstractHookLimitsIntegrationTests.this.receiving.computeIfAbsent(path,
						(key) -> new Receiving());
				at.start();
				try {
					if (path.startsWith("/slow")) {
						sleep(SLOW_MILLIS);
					}
					return new MockResponse.Builder().code(200).body("ok").build();
				}
				finally {
					at.end();
				}
			}

		});
		this.receiver.start();
		this.application = new SpringApplicationBuilder(HooksTestApplication.class).web(WebApplicationType.SERVLET)
			.properties(this.database.springProperties())
			.properties("spring.jpa.hibernate.ddl-auto=create", "webhooks.app-id=shop", "server.port=0",
					"webhooks.http.allow-private-addresses=true", "webhooks.dispatch.poll-interval=100ms",
					"webhooks.hooks.refresh-interval=200ms", "webhooks.dispatch.breaker.enabled=false")
			.run();
		int port = ((WebServerApplicationContext) this.application).getWebServer().getPort();
		this.api = "http://localhost:" + port + "/webhooks/api/hooks";
	}

	@AfterAll
	void stopApplication() throws Exception {
		if (this.application != null) {
			this.application.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void aHookWithMaxConcurrencyTwoNeverHasMoreThanTwoRequestsInFlightToASlowReceiver() throws Exception {
		String id = createHook("capped", "/slow/capped", "\"maxConcurrency\": 2");
		assertThat(hook(id).get("maxConcurrency").asInt()).isEqualTo(2);

		saveArticles("capped", 10);

		Receiving received = awaitReceived("/slow/capped", 10);
		assertThat(received.maxInFlight.get()).as("requests in flight at once").isEqualTo(2);
		deleteHook(id);
	}

	@Test
	void aHooksRateLimitSpacesItsRequests() throws Exception {
		String id = createHook("paced", "/fast/paced", "\"rateLimit\": 5, \"burst\": 1");

		saveArticles("paced", 11);

		Receiving received = awaitReceived("/fast/paced", 11);
		// one token to start with, then one every 200 ms: 10 more take 2 s
		Duration spread = Duration.ofNanos(received.lastAt() - received.firstAt());
		assertThat(spread).as("11 requests at 5 per second").isBetween(Duration.ofMillis(1700), Duration.ofSeconds(8));
		deleteHook(id);
	}

	@Test
	void raisingAHooksMaxConcurrencyThroughTheApiAppliesToItsRunningLane() throws Exception {
		String id = createHook("raised", "/slow/raised", "\"maxConcurrency\": 1");
		saveArticles("raised", 14);
		Receiving received = awaitReceived("/slow/raised", 2);
		assertThat(received.maxInFlight.get()).as("before the change").isEqualTo(1);

		JsonNode hook = hook(id);
		HttpResponse<String> updated = call("PUT", "/" + id, """
				{"name": "raised", "entityType": "Article", "events": ["created"], "url": "%s",
				 "match": [{"field": "name", "operator": "starts-with", "value": "raised-"}],
				 "maxConcurrency": 4}""".formatted(hook.get("url").asString()));
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		received.maxInFlight.set(received.inFlight.get());

		awaitReceived("/slow/raised", 14);
		assertThat(received.maxInFlight.get()).as("after the change").isBetween(2, 4);

		// a PUT without the field goes back to the dispatcher's default
		HttpResponse<String> reset = call("PUT", "/" + id, """
				{"name": "raised", "entityType": "Article", "events": ["created"], "url": "%s"}"""
			.formatted(hook.get("url").asString()));
		assertThat(this.json.readTree(reset.body()).get("maxConcurrency").isNull()).as(reset.body()).isTrue();
		deleteHook(id);
	}

	@Test
	void badLimitsAreAnsweredWithProblemDetailsNamingEachFieldAndNothingIsStored() throws Exception {
		HttpResponse<String> response = call("POST", "", """
				{"name": "badlimits", "entityType": "Article", "events": ["created"], "url": "%s",
				 "maxConcurrency": 0, "rateLimit": -1, "burst": 0}""".formatted(this.receiver.url("/fast/bad")));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).endsWith("hooks-invalid");
		assertThat(problem.get("errors")).extracting((error) -> error.get("field").asString() + ": "
				+ error.get("message").asString())
			.containsExactly("maxConcurrency: must be between 1 and 1000, but is 0",
					"rateLimit: must be greater than 0 and at most 100000 requests per second, but is -1.0; leave it "
							+ "out for no limit of its own",
					"burst: must be between 1 and 1000, but is 0");
		assertThat(call("GET", "", null).body()).doesNotContain("badlimits");

		HttpResponse<String> notANumber = call("POST", "", """
				{"name": "badlimits", "entityType": "Article", "events": ["created"], "url": "%s",
				 "maxConcurrency": "two"}""".formatted(this.receiver.url("/fast/bad")));
		assertThat(notANumber.statusCode()).isEqualTo(400);
		JsonNode unreadable = this.json.readTree(notANumber.body());
		assertThat(unreadable.get("type").asString()).endsWith("hooks-unreadable");
		assertThat(unreadable.get("detail").asString()).contains("maxConcurrency");

		String id = createHook("burstonly", "/fast/burstonly", "\"maxConcurrency\": 3");
		HttpResponse<String> burstOnly = call("PUT", "/" + id, """
				{"name": "burstonly", "entityType": "Article", "events": ["created"], "url": "%s", "burst": 5}"""
			.formatted(this.receiver.url("/fast/burstonly")));
		assertThat(burstOnly.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(burstOnly.body()).get("errors").get(0).get("field").asString())
			.isEqualTo("burst");
		assertThat(hook(id).get("maxConcurrency").asInt()).as("unchanged").isEqualTo(3);
		deleteHook(id);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private String createHook(String name, String path, String limits) throws Exception {
		HttpResponse<String> created = call("POST", "", """
				{"name": "%s", "entityType": "Article", "events": ["created"], "url": "%s",
				 "match": [{"field": "name", "operator": "starts-with", "value": "%s-"}], %s}"""
			.formatted(name, this.receiver.url(path), name, limits));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return this.json.readTree(created.body()).get("id").asString();
	}

	private JsonNode hook(String id) throws Exception {
		return this.json.readTree(call("GET", "/" + id, null).body());
	}

	private void deleteHook(String id) throws Exception {
		assertThat(call("DELETE", "/" + id, null).statusCode()).isEqualTo(204);
	}

	private void saveArticles(String prefix, int count) {
		ArticleRepository articles = this.application.getBean(ArticleRepository.class);
		for (int i = 0; i < count; i++) {
			articles.save(new Article(prefix + "-" + i, new BigDecimal("1.00"), "CH", "Bern"));
		}
	}

	private Receiving awaitReceived(String path, int count) {
		Receiving at = this.receiving.computeIfAbsent(path, (key) -> new Receiving());
		await().atMost(Duration.ofSeconds(30)).until(() -> at.ended.get() >= count);
		return at;
	}

	private HttpResponse<String> call(String method, String path, String body) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.api + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody())
			.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8)));
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		return this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	/** What one path of the receiver has seen: requests in flight now, at most, and when they arrived. */
	private static final class Receiving {

		final AtomicInteger inFlight = new AtomicInteger();

		final AtomicInteger maxInFlight = new AtomicInteger();

		final AtomicInteger ended = new AtomicInteger();

		final List<Long> arrivals = new CopyOnWriteArrayList<>();

		void start() {
			this.arrivals.add(System.nanoTime());
			int now = this.inFlight.incrementAndGet();
			this.maxInFlight.accumulateAndGet(now, Math::max);
		}

		void end() {
			this.inFlight.decrementAndGet();
			this.ended.incrementAndGet();
		}

		long firstAt() {
			return this.arrivals.stream().mapToLong(Long::longValue).min().orElseThrow();
		}

		long lastAt() {
			return this.arrivals.stream().mapToLong(Long::longValue).max().orElseThrow();
		}

	}

}
