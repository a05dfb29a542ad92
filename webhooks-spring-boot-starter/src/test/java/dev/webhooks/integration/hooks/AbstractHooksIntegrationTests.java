package dev.webhooks.integration.hooks;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.Target;
import dev.webhooks.hooks.Hook;
import dev.webhooks.hooks.HookDefinition;
import dev.webhooks.hooks.HookDeliveries;
import dev.webhooks.hooks.HookService;
import dev.webhooks.hooks.HookStore;
import dev.webhooks.hooks.match.MatchCondition;
import dev.webhooks.hooks.payload.HookPayloadException;
import dev.webhooks.publish.OutgoingMessage;
import dev.webhooks.publish.WebhookPublisher;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.Ed25519PublicKey;
import dev.webhooks.signing.Ed25519SigningKey;
import dev.webhooks.signing.VerificationKey;
import dev.webhooks.signing.WebhookSecret;
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
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of an application on the database under test, hooks managed through the REST API of the first,
 * deliveries received by a real HTTP server: what an operator and a receiver see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractHooksIntegrationTests {

	static final String TRICKY = "Caf\u00e9 \"Zo\u00eb\" \\ <&> \u4e2d\u6587";

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();

	private TestDatabase database;

	private MockWebServer receiver;

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	private String api;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void startApplications() throws Exception {
		this.database = TestDatabase.create(databaseKind());
		this.receiver = new MockWebServer();
		this.receiver.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				AbstractHooksIntegrationTests.this.received.add(request);
				return new MockResponse.Builder().code(200).body("ok").build();
			}

		});
		this.receiver.start();
		this.first = application(WebApplicationType.SERVLET, "create", "server.port=0");
		this.second = application(WebApplicationType.NONE, "none");
		int port = ((WebServerApplicationContext) this.first).getWebServer().getPort();
		this.api = "http://localhost:" + port + "/webhooks/api/hooks";
	}

	private ConfigurableApplicationContext application(WebApplicationType type, String ddl, String... more) {
		return new SpringApplicationBuilder(HooksTestApplication.class).web(type)
			.properties(this.database.springProperties())
			.properties("spring.jpa.hibernate.ddl-auto=" + ddl, "webhooks.app-id=shop",
					"webhooks.http.allow-private-addresses=true", "webhooks.dispatch.poll-interval=100ms",
					"webhooks.hooks.refresh-interval=200ms", "webhooks.hooks.custom-events=article.featured")
			.properties(more)
			.run();
	}

	@AfterAll
	void stopApplications() throws Exception {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { this.second,
				this.first }) {
			if (context != null) {
				context.close();
			}
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void theRestApiAnswersUnauthenticatedCallersWith401AndUsersWithoutTheRoleWith403() throws Exception {
		HttpResponse<String> anonymous = call("GET", "", null, null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(anonymous.body()).get("type").asString()).endsWith("hooks-unauthorized");

		HttpResponse<String> clerk = call("GET", "", null, "clerk");
		assertThat(clerk.statusCode()).isEqualTo(403);
		assertThat(this.json.readTree(clerk.body()).get("detail").asString()).contains("WEBHOOKS_ADMIN");

		assertThat(call("GET", "", null, "admin").statusCode()).isEqualTo(200);
	}

	@Test
	void anInvalidDefinitionIsAnsweredWithProblemDetailsNamingEachFieldAndNothingIsStored() throws Exception {
		HttpResponse<String> response = call("POST", "", """
				{"name": "broken", "entityType": "Nope", "events": ["created", "paid"], "url": "ftp://x",
				 "headers": "X-Ok: a:b\\ntoken 1234", "template": "{\\"a\\": {{instance.name}} }}",
				 "match": [{"field": "name", "operator": "regex", "value": "("}]}""", "admin");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		Map<String, String> errors = new java.util.LinkedHashMap<>();
		problem.get("errors").forEach((error) -> errors.put(error.get("field").asString(),
				error.get("message").asString()));
		assertThat(errors).containsKeys("entityType", "events[1]", "url", "headers", "template", "match[0].value");
		assertThat(errors.get("entityType")).contains("Article");
		assertThat(errors.get("headers")).isEqualTo("line 2 \"token 1234\" has no ':'");
		assertThat(call("GET", "", null, "admin").body()).doesNotContain("broken");

		assertThat(call("GET", "/no-such-id", null, "admin").statusCode()).isEqualTo(404);
		assertThat(call("POST", "", "{not json", "admin").statusCode()).isEqualTo(400);
	}

	@Test
	void headerValuesThatCannotBeSentAndOversizedFieldsAreAnsweredWith400NamingTheField() throws Exception {
		HttpResponse<String> response = call("POST", "", """
				{"name": "unsendable", "entityType": "Article", "events": ["created"], "url": "%s",
				 "headers": "X-Ok: 1\\nX-City: caf\u00e9\\nX-Split: a\\u2028b",
				 "template": "%s"}""".formatted(this.receiver.url("/in"), "t".repeat(70_000)), "admin");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).endsWith("hooks-invalid");
		assertThat(problem.get("errors")).extracting((error) -> error.get("field").asString() + ": "
				+ error.get("message").asString())
			.containsExactly("headers: line 2 \"X-City: caf\u00e9\" has '\u00e9' (U+00E9) in its value; header values may "
					+ "only hold printable ASCII characters, spaces and tabs",
					"headers: line 3 \"X-Split: aU+2028b\" has U+2028 in its value; header values may only hold "
							+ "printable ASCII characters, spaces and tabs",
					"template: is at least 70000 bytes in UTF-8; at most 65536 (64 KiB) are allowed");
		assertThat(call("GET", "", null, "admin").body()).doesNotContain("unsendable");
	}

	@Test
	void theTestSendOfAStoredHookWhoseHeaderCannotBeSentIsAnsweredWith400() throws Exception {
		// as a hook saved before header values were checked
		Instant now = Instant.now();
		String secret = WebhookSecret.generate();
		this.first.getBean(HookStore.class)
			.insert(new Hook("legacy-header", "legacy-header", "Article", List.of("created"),
					this.receiver.url("/legacy").toString(), "POST", "X-City: caf\u00e9", "application/json", null,
					null, List.of(), List.of(), List.of(), true, WebhookSecret.parse(secret), now, now), secret);

		HttpResponse<String> test = call("POST", "/legacy-header/test", "{\"sample\": {\"title\": \"x\"}}", "admin");

		assertThat(test.statusCode()).as(test.body()).isEqualTo(400);
		JsonNode problem = this.json.readTree(test.body());
		assertThat(problem.get("type").asString()).endsWith("hooks-invalid");
		assertThat(problem.get("errors").get(0).get("message").asString())
			.startsWith("line 1 \"X-City: caf\u00e9\" has '\u00e9' (U+00E9) in its value");
		assertThat(find("/legacy", (body) -> true)).isEmpty();
		assertThat(call("DELETE", "/legacy-header", null, "admin").statusCode()).isEqualTo(204);
	}

	@Test
	void aHookCreatedThroughTheApiOfOneInstanceSendsChangesOfAnUnannotatedEntityFromBothInstances()
			throws Exception {
		HttpResponse<String> created = call("POST", "", """
				{"name": "catalog", "entityType": "Article", "events": ["created", "updated"],
				 "url": "%s", "httpMethod": "PUT", "headers": "X-Catalog: v1:beta",
				 "template": "{\\"event\\": \\"{{event}}\\", \\"name\\": \\"{{instance.name}}\\", \\"price\\": {{instance.price}}, \\"city\\": {{instance.origin.city}}}",
				 "match": [{"field": "origin.country", "operator": "equals", "value": "CH"}]}"""
			.formatted(this.receiver.url("/catalog")), "admin");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode hook = this.json.readTree(created.body());
		String id = hook.get("id").asString();
		String secret = hook.get("secret").asString();
		assertThat(secret).startsWith("whsec_");
		assertThat(created.headers().firstValue("Location")).hasValueSatisfying((location) -> assertThat(location)
			.endsWith("/webhooks/api/hooks/" + id));
		assertThat(this.json.readTree(call("GET", "/" + id, null, "admin").body()).get("secret").asString())
			.as("masked afterwards")
			.isNotEqualTo(secret)
			.endsWith("\u2026");

		ArticleRepository firstArticles = this.first.getBean(ArticleRepository.class);
		Article cheese = firstArticles.save(new Article(TRICKY, new BigDecimal("12.50"), "CH", "Bern"));
		firstArticles.save(new Article("Baguette", new BigDecimal("2.10"), "FR", "Paris"));

		RecordedRequest request = awaitRequest("/catalog", (body) -> body.contains("created"));
		assertThat(request.getMethod()).isEqualTo("PUT");
		assertThat(request.getHeaders().get("X-Catalog")).isEqualTo("v1:beta");
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
		String body = request.getBody().string(StandardCharsets.UTF_8);
		JsonNode payload = this.json.readTree(body);
		assertThat(payload.get("name").asString()).isEqualTo(TRICKY);
		assertThat(payload.get("price").decimalValue()).isEqualByComparingTo("12.50");
		assertThat(payload.get("city").asString()).isEqualTo("Bern");
		verifySignature(request, body, secret);

		// the second instance learns about the hook by polling, without a restart
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.second.getBean(HookDeliveries.class).hasHooks("Article"));
		ArticleRepository secondArticles = this.second.getBean(ArticleRepository.class);
		Article loaded = secondArticles.findById(cheese.getId()).orElseThrow();
		loaded.setName("Gruy\u00e8re");
		secondArticles.save(loaded);
		RecordedRequest fromSecond = awaitRequest("/catalog", (text) -> text.contains("Gruy\u00e8re"));
		assertThat(this.json.readTree(fromSecond.getBody().string(StandardCharsets.UTF_8)).get("event").asString())
			.isEqualTo("updated");

		List<Delivery> deliveries = this.first.getBean(DeliveryQueries.class).search(DeliverySearch.newest(100));
		assertThat(deliveries).filteredOn((delivery) -> delivery.target().equals(Target.hook(id)))
			.as("the French article does not match the filter")
			.hasSize(2);

		assertThat(call("POST", "/" + id + "/disable", null, "admin").statusCode()).isEqualTo(200);
		assertThat(call("DELETE", "/" + id, null, "admin").statusCode()).isEqualTo(204);
	}

	@Test
	void serializerBeansTheDefaultEnvelopeAndCustomEventsAreDeliveredToTheirHooks() throws Exception {
		HookService hooks = this.first.getBean(HookService.class);
		String serializerHook = hooks.create(HookDefinition.builder("summary", "Article",
				this.receiver.url("/summary").toString()).events("deleted").serializer("articleSummary").build())
			.hook()
			.id();
		hooks.create(HookDefinition.builder("envelope", "Article", this.receiver.url("/envelope").toString())
			.events("created")
			.exclude("price")
			.match(new MatchCondition("name", "starts-with", "Env"))
			.build());
		hooks.create(HookDefinition.builder("featured", "Article", this.receiver.url("/featured").toString())
			.events("article.featured")
			.template("application/xml", "<featured by=\"{{editor}}\">{{instance.title}}</featured>")
			.build());

		ArticleRepository articles = this.first.getBean(ArticleRepository.class);
		Article article = articles.save(new Article("Envelope", new BigDecimal("1.00"), "CH", "Basel"));
		articles.delete(article);
		this.first.getBean(WebhookPublisher.class)
			.publish(OutgoingMessage.of("article.featured", Map.of("title", "Tom & Jerry"))
				.entity("Article", article.getId())
				.arguments(Map.of("editor", "O'Brien")));

		JsonNode envelope = this.json.readTree(
				awaitRequest("/envelope", (body) -> true).getBody().string(StandardCharsets.UTF_8));
		assertThat(envelope.get("hook").asString()).isEqualTo("envelope");
		assertThat(envelope.get("event").asString()).isEqualTo("created");
		assertThat(envelope.get("entityType").asString()).isEqualTo("Article");
		assertThat(envelope.get("entityId").asLong()).isEqualTo(article.getId());
		assertThat(envelope.get("data").get("origin").get("city").asString()).isEqualTo("Basel");
		assertThat(envelope.get("data").has("price")).isFalse();
		assertThat(awaitRequest("/summary", (body) -> true).getBody().string(StandardCharsets.UTF_8))
			.isEqualTo("{\"summary\":\"deleted:" + article.getId() + "\"}");
		assertThat(awaitRequest("/featured", (body) -> true).getBody().string(StandardCharsets.UTF_8))
			.isEqualTo("<featured by=\"O&apos;Brien\">Tom &amp; Jerry</featured>");

		HttpResponse<String> test = call("POST", "/" + serializerHook + "/test",
				"{\"sample\": {\"name\": \"x\"}, \"event\": \"deleted\"}", "admin");
		assertThat(test.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(test.body()).get("statusCode").asInt()).isEqualTo(200);
	}

	@Test
	void aSerializerThatFailsAtCaptureTimeFailsTheBusinessTransactionWithAHookPayloadException() {
		HookService hooks = this.first.getBean(HookService.class);
		String id = hooks.create(HookDefinition.builder("failing", "Article", this.receiver.url("/failing").toString())
			.events("created")
			.serializer("failing")
			.match(new MatchCondition("name", "equals", "Explode"))
			.build()).hook().id();
		try {
			ArticleRepository articles = this.first.getBean(ArticleRepository.class);
			long before = articles.count();

			assertThatException().isThrownBy(
					() -> articles.save(new Article("Explode", new BigDecimal("1.00"), "CH", "Thun")))
				.satisfies((ex) -> assertThat(causes(ex)).anySatisfy((cause) -> assertThat(cause)
					.isInstanceOf(HookPayloadException.class)
					.hasMessageContaining("serializer 'failing' of hook 'failing' failed")));
			assertThat(articles.count()).isEqualTo(before);
			articles.save(new Article("Fine", new BigDecimal("1.00"), "CH", "Thun"));
			assertThat(articles.count()).isEqualTo(before + 1);
		}
		finally {
			hooks.delete(id);
		}
	}

	@Test
	void keysAreRotatedWithAnOverlapAndEd25519KeysMadeThroughTheRestApi() throws Exception {
		HttpResponse<String> created = call("POST", "", """
				{"name": "signed", "entityType": "Article", "events": ["created"], "url": "%s",
				 "signatures": ["v1", "v1a"]}""".formatted(this.receiver.url("/signed")), "admin");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode hook = this.json.readTree(created.body());
		String id = hook.get("id").asString();
		String oldSecret = hook.get("secret").asString();
		String publicKey = hook.get("publicKey").asString();
		assertThat(publicKey).startsWith("whpk_");
		assertThat(this.json.readTree(call("GET", "/" + id + "/public-key", null, "admin").body()).get("publicKey")
			.asString()).isEqualTo(publicKey);

		HttpResponse<String> rotated = call("POST", "/" + id + "/rotate-secret?overlap=PT1H", null, "admin");
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		String newSecret = this.json.readTree(rotated.body()).get("secret").asString();
		Instant until = Instant.parse(this.json.readTree(rotated.body()).get("previousSignsUntil").asString());
		assertThat(until).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofHours(1)));
		JsonNode listed = this.json.readTree(call("GET", "/" + id, null, "admin").body());
		assertThat(listed.get("signatures").toString()).isEqualTo("[\"v1\",\"v1a\"]");
		JsonNode previous = listed.get("previousKeys").get(0);
		assertThat(previous.get("version").asString()).isEqualTo("v1");
		assertThat(previous.get("key").asString()).endsWith("\u2026").isNotEqualTo(oldSecret);
		assertThat(Instant.parse(previous.get("expiresAt").asString())).isEqualTo(until);
		assertThat(listed.toString()).doesNotContain(oldSecret).doesNotContain(newSecret);

		this.first.getBean(ArticleRepository.class).save(new Article("Signed", new BigDecimal("1.00"), "CH", "Bern"));
		RecordedRequest request = awaitRequest("/signed", (body) -> body.contains("Signed"));
		String body = request.getBody().string(StandardCharsets.UTF_8);
		assertThat(request.getHeaders().get("webhook-signature").split(" ")).hasSize(3);
		for (VerificationKey key : List.<VerificationKey>of(WebhookSecret.parse(oldSecret),
				WebhookSecret.parse(newSecret), Ed25519PublicKey.parse(publicKey))) {
			new SignatureVerifier(Duration.ofMinutes(5), Clock.systemUTC()).verify(
					request.getHeaders().get("webhook-id"), request.getHeaders().get("webhook-timestamp"),
					request.getHeaders().get("webhook-signature"), body.getBytes(StandardCharsets.UTF_8), List.of(key));
		}

		JsonNode signingKey = this.json.readTree(call("POST", "/" + id + "/rotate-signing-key?overlap=PT0S", null,
				"admin").body());
		assertThat(signingKey.get("publicKey").asString()).startsWith("whpk_").isNotEqualTo(publicKey);
		assertThat(signingKey.get("previousSignsUntil").isNull()).isTrue();
		HttpResponse<String> badOverlap = call("POST", "/" + id + "/rotate-secret?overlap=-PT1H", null, "admin");
		assertThat(badOverlap.statusCode()).isEqualTo(400);
		assertThat(badOverlap.body()).contains("overlap").contains("must not be negative");
		HttpResponse<String> pair = call("POST", "/signing-keys", null, "admin");
		assertThat(pair.statusCode()).isEqualTo(200);
		JsonNode keys = this.json.readTree(pair.body());
		assertThat(Ed25519SigningKey.parse(keys.get("secretKey").asString()).publicKey())
			.hasToString(keys.get("publicKey").asString());
		assertThat(call("POST", "/signing-keys", null, null).statusCode()).isEqualTo(401);
		assertThat(call("DELETE", "/" + id, null, "admin").statusCode()).isEqualTo(204);
	}

	private static List<Throwable> causes(Throwable ex) {
		List<Throwable> causes = new java.util.ArrayList<>();
		for (Throwable cause = ex; cause != null && !causes.contains(cause); cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

	private RecordedRequest awaitRequest(String path, java.util.function.Predicate<String> body) {
		return await().atMost(Duration.ofSeconds(15)).until(() -> find(path, body), Optional::isPresent).get();
	}

	private Optional<RecordedRequest> find(String path, java.util.function.Predicate<String> body) {
		return this.received.stream()
			.filter((request) -> request.getUrl().encodedPath().equals(path))
			.filter((request) -> body.test(request.getBody().string(StandardCharsets.UTF_8)))
			.findFirst();
	}

	private void verifySignature(RecordedRequest request, String body, String secret) {
		new SignatureVerifier(Duration.ofMinutes(5), Clock.systemUTC()).verify(request.getHeaders().get("webhook-id"),
				request.getHeaders().get("webhook-timestamp"), request.getHeaders().get("webhook-signature"),
				body.getBytes(StandardCharsets.UTF_8), List.of(WebhookSecret.parse(secret)));
	}

	private HttpResponse<String> call(String method, String path, String body, String user) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.api + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		if (user != null) {
			builder.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

}
