package dev.webhooks.integration.hooks;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.webhooks.autoconfigure.PeriodicTaskLifecycle;
import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.hooks.HookDefinition;
import dev.webhooks.hooks.HookService;
import dev.webhooks.jdbc.InstantColumns;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.testing.TestDatabase;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
 * Replay to a new hook, end to end: changes saved through JPA before the hook exists are logged in their
 * transaction; an operator creates the hook through the REST API asking for the last days, and a real receiver gets
 * the events the hook would have matched, signed, oldest first, while other hooks and servers get nothing new.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractHookReplayIntegrationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();

	private TestDatabase database;

	private MockWebServer receiver;

	private ConfigurableApplicationContext context;

	private String api;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void startApplication() throws Exception {
		this.database = TestDatabase.create(databaseKind());
		this.receiver = new MockWebServer();
		this.receiver.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				AbstractHookReplayIntegrationTests.this.received.add(request);
				return new MockResponse.Builder().code(200).body("ok").build();
			}

		});
		this.receiver.start();
		// one worker, so deliveries due one after the other also arrive one after the other
		this.context = new SpringApplicationBuilder(HooksTestApplication.class).web(WebApplicationType.SERVLET)
			.properties(this.database.springProperties())
			.properties("spring.jpa.hibernate.ddl-auto=create", "server.port=0", "webhooks.app-id=shop",
					"webhooks.http.allow-private-addresses=true", "webhooks.dispatch.poll-interval=100ms",
					"webhooks.dispatch.max-concurrency=1", "webhooks.hooks.event-log.enabled=true",
					"webhooks.hooks.event-log.replay-page-size=2",
					"webhooks.servers.warehouse.url=" + this.receiver.url("/warehouse"),
					"webhooks.servers.warehouse.secret=" + SECRET)
			.run();
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		this.api = "http://localhost:" + port + "/webhooks/api/hooks";
	}

	@AfterAll
	void stopApplication() throws Exception {
		if (this.context != null) {
			this.context.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@BeforeEach
	void emptyEventLog() {
		this.database.execute("DELETE FROM webhooks_event_log");
	}

	@AfterEach
	void deleteHooks() {
		HookService hooks = this.context.getBean(HookService.class);
		hooks.list().forEach((hook) -> hooks.delete(hook.id()));
	}

	@Test
	void eventsCapturedBeforeTheHookExistedArriveSignedOldestFirstFilteredAsLiveChangesAre() throws Exception {
		HookService hooks = this.context.getBean(HookService.class);
		hooks.create(HookDefinition.builder("existing", "Article", this.receiver.url("/existing").toString())
			.events("created")
			.build());
		ArticleRepository articles = this.context.getBean(ArticleRepository.class);
		Article ancient = articles.save(new Article("Ancient", new BigDecimal("1.00"), "CH", "Sion"));
		age(ancient.getId(), Duration.ofDays(10));
		Article alpha = articles.save(new Article("Alpha", new BigDecimal("1.00"), "CH", "Bern"));
		articles.save(new Article("Beta", new BigDecimal("2.00"), "FR", "Lyon"));
		alpha.setName("Alpha 2");
		articles.save(alpha);
		this.context.getBean(SensorRepository.class).save(new Sensor("cellar", "12.0"));
		Article gamma = articles.save(new Article("Gamma", new BigDecimal("3.00"), "CH", "Chur"));
		await().atMost(Duration.ofSeconds(15)).until(() -> count("/existing") == 4 && count("/warehouse") == 1);

		HttpResponse<String> created = call("POST", "?replayDays=7", """
				{"name": "replayed", "entityType": "Article", "events": ["created", "updated"], "url": "%s",
				 "template": "{\\"event\\": \\"{{event}}\\", \\"id\\": {{entity_id}}, \\"name\\": \\"{{instance.name}}\\"}",
				 "match": [{"field": "origin.country", "operator": "equals", "value": "CH"}]}"""
			.formatted(this.receiver.url("/replayed")));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode hook = this.json.readTree(created.body());
		JsonNode replay = hook.get("replay");
		assertThat(replay.get("events").asLong()).as("Alpha, Beta, Alpha again and Gamma; Ancient is too old")
			.isEqualTo(4);
		assertThat(replay.get("scheduled").asLong()).as("Beta is French").isEqualTo(3);
		await().atMost(Duration.ofSeconds(15)).until(() -> count("/replayed") == 3);
		List<RecordedRequest> replayed = requests("/replayed");
		assertThat(replayed).extracting(this::body)
			.containsExactly("{\"event\": \"created\", \"id\": " + alpha.getId() + ", \"name\": \"Alpha\"}",
					"{\"event\": \"updated\", \"id\": " + alpha.getId() + ", \"name\": \"Alpha 2\"}",
					"{\"event\": \"created\", \"id\": " + gamma.getId() + ", \"name\": \"Gamma\"}");
		String secret = hook.get("secret").asString();
		replayed.forEach((request) -> verifySignature(request, secret));

		String id = hook.get("id").asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(id).stream()
			.allMatch((delivery) -> delivery.status() == DeliveryStatus.SUCCEEDED));
		assertThat(deliveries(id)).as("ordinary deliveries of the hook, as the admin pages list them")
			.hasSize(3)
			.allSatisfy((delivery) -> assertThat(delivery.eventType()).startsWith("Article."));
		Thread.sleep(500);
		assertThat(count("/existing")).as("other hooks get nothing new").isEqualTo(4);
		assertThat(count("/warehouse")).as("servers get nothing new").isEqualTo(1);

		// from its creation on, the hook fires on its own, once per change
		articles.save(new Article("Delta", new BigDecimal("4.00"), "CH", "Zug"));
		await().atMost(Duration.ofSeconds(15)).until(() -> count("/replayed") == 4);
		assertThat(body(requests("/replayed").get(3))).contains("Delta");
	}

	@Test
	void replaySinceATimeSendsOnlyTheEventsFromThatTimeOn() throws Exception {
		ArticleRepository articles = this.context.getBean(ArticleRepository.class);
		articles.save(new Article("Before", new BigDecimal("1.00"), "CH", "Bern"));
		Thread.sleep(20);
		Instant since = Instant.now();
		Thread.sleep(20);
		articles.save(new Article("After", new BigDecimal("1.00"), "CH", "Bern"));

		HttpResponse<String> created = call("POST", "?replaySince=" + since, """
				{"name": "since", "entityType": "Article", "events": ["created"], "url": "%s",
				 "template": "{\\"name\\": \\"{{instance.name}}\\"}"}""".formatted(this.receiver.url("/since")));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(this.json.readTree(created.body()).get("replay").get("scheduled").asLong()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(15)).until(() -> count("/since") == 1);
		assertThat(body(requests("/since").get(0))).isEqualTo("{\"name\": \"After\"}");
	}

	@Test
	void aCreationWithoutReplayAnswersWithoutAReplayField() throws Exception {
		HttpResponse<String> created = call("POST", "", """
				{"name": "plain", "entityType": "Article", "events": ["created"], "url": "%s"}"""
			.formatted(this.receiver.url("/plain")));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(this.json.readTree(created.body()).has("replay")).isFalse();
	}

	@Test
	void badReplayParametersAreAnsweredWith400ProblemDetailsNamingThemAndNothingIsStored() throws Exception {
		String definition = """
				{"name": "refused", "entityType": "Article", "events": ["created"], "url": "%s"}"""
			.formatted(this.receiver.url("/refused"));
		Map<String, String> cases = new LinkedHashMap<>();
		cases.put("?replayDays=-3", "replayDays");
		cases.put("?replayDays=0", "replayDays");
		cases.put("?replayDays=week", "replayDays");
		cases.put("?replaySince=" + Instant.now().plus(Duration.ofDays(1)), "replaySince");
		cases.put("?replaySince=yesterday", "replaySince");
		cases.put("?replayDays=7&replaySince=" + Instant.now().minus(Duration.ofDays(1)), "replay");

		for (Map.Entry<String, String> bad : cases.entrySet()) {
			HttpResponse<String> response = call("POST", bad.getKey(), definition);
			assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			JsonNode problem = this.json.readTree(response.body());
			assertThat(problem.get("type").asString()).endsWith("hooks-invalid");
			assertThat(problem.get("errors").get(0).get("field").asString()).as(bad.getKey()).isEqualTo(bad.getValue());
			assertThat(problem.get("detail").asString()).as(bad.getKey()).startsWith(bad.getValue() + ": ");
		}
		assertThat(call("GET", "", null).body()).doesNotContain("refused");
	}

	@Test
	void theOutboxPurgeAlsoDeletesLoggedEventsOlderThanTheRetention() throws Exception {
		ArticleRepository articles = this.context.getBean(ArticleRepository.class);
		Article old = articles.save(new Article("Old", new BigDecimal("1.00"), "CH", "Bern"));
		Article recent = articles.save(new Article("Recent", new BigDecimal("1.00"), "CH", "Bern"));
		age(old.getId(), Duration.ofDays(8));

		this.context.getBean("webhooksOutboxPurge", PeriodicTaskLifecycle.class).getTask().run();

		assertThat(loggedIds()).containsExactly(String.valueOf(recent.getId()));
	}

	private void age(Long articleId, Duration age) throws SQLException {
		try (Connection connection = this.context.getBean(DataSource.class).getConnection();
				PreparedStatement update = connection.prepareStatement(
						"UPDATE webhooks_event_log SET occurred_at = ? WHERE entity_type = 'Article' AND entity_id = ?")) {
			InstantColumns.of(connection).bind(update, 1, Instant.now().minus(age));
			update.setString(2, String.valueOf(articleId));
			assertThat(update.executeUpdate()).isEqualTo(1);
		}
	}

	private List<String> loggedIds() throws SQLException {
		try (Connection connection = this.context.getBean(DataSource.class).getConnection();
				PreparedStatement select = connection
					.prepareStatement("SELECT entity_id FROM webhooks_event_log ORDER BY id");
				var rows = select.executeQuery()) {
			List<String> ids = new java.util.ArrayList<>();
			while (rows.next()) {
				ids.add(rows.getString(1));
			}
			return ids;
		}
	}

	private List<Delivery> deliveries(String hookId) {
		return this.context.getBean(DeliveryQueries.class)
			.search(DeliverySearch.newest(100).withTarget(Target.hook(hookId)));
	}

	private long count(String path) {
		return requests(path).size();
	}

	private List<RecordedRequest> requests(String path) {
		return this.received.stream().filter((request) -> request.getUrl().encodedPath().equals(path)).toList();
	}

	private String body(RecordedRequest request) {
		return request.getBody().string(StandardCharsets.UTF_8);
	}

	private void verifySignature(RecordedRequest request, String secret) {
		new SignatureVerifier(Duration.ofMinutes(5), Clock.systemUTC()).verify(request.getHeaders().get("webhook-id"),
				request.getHeaders().get("webhook-timestamp"), request.getHeaders().get("webhook-signature"),
				body(request).getBytes(StandardCharsets.UTF_8), List.of(WebhookSecret.parse(secret)));
	}

	private HttpResponse<String> call(String method, String query, String body) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.api + query))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody())
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8)));
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		return this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

}
