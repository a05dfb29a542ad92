package dev.webhooks.admin.integration;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.testing.TestDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin JSON API and page over real HTTP on an application with the starter, Spring Security and H2: access,
 * keyset pages and filters, the delivery detail with masked headers, the actions, and the payload preview with the
 * hooks REST API's own validation messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiIntegrationTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private TestDatabase database;

	private ConfigurableApplicationContext application;

	private JdbcOutbox store;

	private String base;

	@BeforeAll
	void start() {
		this.database = TestDatabase.create(TestDatabase.Kind.H2);
		this.application = new SpringApplicationBuilder(AdminTestApplication.class)
			.properties(this.database.springProperties())
			.properties("server.port=0", "webhooks.app-id=shop", "webhooks.dispatch.enabled=false",
					"webhooks.http.allow-private-addresses=true", "webhooks.admin.page-size=50")
			.run();
		this.store = JdbcOutbox.of(this.application::getBean);
		this.base = "http://localhost:" + ((WebServerApplicationContext) this.application).getWebServer().getPort();
	}

	@AfterAll
	void stop() {
		if (this.application != null) {
			this.application.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@BeforeEach
	void emptyOutbox() {
		this.database.emptyOutbox();
	}

	@Test
	void anonymousCallersGet401AndUsersWithoutTheRole403AsProblemDetails() throws Exception {
		HttpResponse<String> anonymous = get("/webhooks-admin/api/dashboard", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(anonymous.body()).get("type").asString()).endsWith("admin-unauthorized");
		HttpResponse<String> clerk = get("/webhooks-admin/api/dashboard", "clerk");
		assertThat(clerk.statusCode()).isEqualTo(403);
		assertThat(this.json.readTree(clerk.body()).get("detail").asString()).contains("WEBHOOKS_ADMIN");
		assertThat(get("/webhooks-admin/", null).statusCode()).isEqualTo(401);
		assertThat(get("/webhooks-admin/admin.js", "clerk").statusCode()).isEqualTo(403);
		assertThat(get("/webhooks-admin/api/dashboard", "admin").statusCode()).isEqualTo(200);
	}

	@Test
	void thePageIsServedToAdminsWithAStrictContentSecurityPolicy() throws Exception {
		HttpResponse<String> page = get("/webhooks-admin/", "admin");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(policy) -> assertThat(policy).contains("script-src 'self'"));
		assertThat(page.body()).contains("<script src=\"admin.js\"");
		assertThat(get("/webhooks-admin/admin.js", "admin").body()).contains("'/dashboard'");
		assertThat(get("/webhooks-admin/admin.css", "admin").statusCode()).isEqualTo(200);
		assertThat(get("/webhooks-admin/other.js", "admin").statusCode()).isEqualTo(404);
		HttpResponse<String> root = get("/webhooks-admin", "admin");
		assertThat(root.statusCode()).isEqualTo(302);
		assertThat(root.headers().firstValue("Location")).hasValue("/webhooks-admin/");
	}

	@Test
	void pagesFollowTheirCursorsThroughEveryMatchingDeliveryOnce() throws Exception {
		Instant start = Instant.now().minus(Duration.ofHours(1));
		List<NewDelivery> deliveries = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			deliveries.add(delivery("d" + i, (i % 3 == 0) ? "billing" : "shipping", start.plusSeconds(i / 2)));
		}
		insert(deliveries);
		Set<String> seen = new HashSet<>();
		List<Integer> sizes = new ArrayList<>();
		String next = null;
		do {
			JsonNode page = getJson("/webhooks-admin/api/deliveries?target=shipping"
					+ ((next != null) ? "&after=" + URLEncoder.encode(next, StandardCharsets.UTF_8) : ""));
			sizes.add(page.get("items").size());
			page.get("items").forEach((item) -> {
				assertThat(item.get("target").asString()).isEqualTo("shipping");
				assertThat(seen.add(item.get("id").asString())).isTrue();
			});
			next = page.get("next").isNull() ? null : page.get("next").asString();
		}
		while (next != null);
		assertThat(sizes).containsExactly(50, 30);
		assertThat(seen).hasSize(80);
		JsonNode newest = getJson("/webhooks-admin/api/deliveries?limit=2");
		assertThat(newest.get("items").get(0).get("id").asString()).isEqualTo("d119");
		assertThat(getJson("/webhooks-admin/api/deliveries?id=d7").get("items").get(0).get("id").asString())
			.isEqualTo("d7");
		String from = URLEncoder.encode(start.plusSeconds(10).toString(), StandardCharsets.UTF_8);
		String to = URLEncoder.encode(start.plusSeconds(12).toString(), StandardCharsets.UTF_8);
		assertThat(getJson("/webhooks-admin/api/deliveries?from=" + from + "&to=" + to).get("items")).hasSize(4);
	}

	@Test
	void aFilterThatCannotBeReadIsAProblemNamingIt() throws Exception {
		HttpResponse<String> response = get("/webhooks-admin/api/deliveries?from=yesterday", "admin");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).endsWith("admin-invalid");
		assertThat(problem.get("detail").asString()).contains("from 'yesterday'");
		assertThat(get("/webhooks-admin/api/deliveries?status=LOST", "admin").statusCode()).isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "from", "to", "after" })
	void aFilterDateAtTheEdgeOfInstantIsAProblemNamingIt(String parameter) throws Exception {
		String edge = "+1000000000-01-01T00:00:00Z";
		String value = parameter.equals("after") ? edge + " some-id" : edge;
		HttpResponse<String> response = get("/webhooks-admin/api/deliveries?" + parameter + "="
				+ URLEncoder.encode(value, StandardCharsets.UTF_8), "admin");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).endsWith("admin-invalid");
		assertThat(problem.get("detail").asString()).isEqualTo(parameter + " '" + edge
				+ "' is outside the supported range 1000-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
	}

	@Test
	void aReplaySinceADateAtTheEdgeOfInstantIsAProblemNamingIt() throws Exception {
		HttpResponse<String> response = send("POST", "/webhooks-admin/api/deliveries/replay",
				"{\"from\":\"-1000000000-01-01T00:00:00Z\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(response.body()).get("detail").asString())
			.startsWith("from '-1000000000-01-01T00:00:00Z' is outside the supported range");
	}

	@Test
	void theDetailShowsThePayloadAttemptsAndHeadersWithCredentialsMasked() throws Exception {
		insert(List.of(new NewDelivery("d1", Target.server("billing"), "https://example.com/in", "POST",
				Map.of("Authorization", "Bearer 0123456789abcdef", "X-Tenant", "42"), "invoice.paid", "Invoice", "7",
				"{\"total\":12.50}", Instant.now())));
		fail("d1", 503);
		JsonNode detail = getJson("/webhooks-admin/api/deliveries/d1");
		assertThat(detail.get("payload").asString()).isEqualTo("{\"total\":12.50}");
		assertThat(detail.get("headers").get("Authorization").asString()).isEqualTo("Bear…");
		assertThat(detail.get("headers").get("X-Tenant").asString()).isEqualTo("42");
		assertThat(detail.toString()).doesNotContain("0123456789abcdef");
		JsonNode attempt = detail.get("attempts").get(0);
		assertThat(attempt.get("statusCode").asInt()).isEqualTo(503);
		assertThat(attempt.get("durationMillis").asLong()).isEqualTo(42);
		assertThat(attempt.get("responseExcerpt").asString()).isEqualTo("try later");
		assertThat(get("/webhooks-admin/api/deliveries/missing", "admin").statusCode()).isEqualTo(404);
	}

	@Test
	void retryCancelRetryAllFailedAndReplayChangeTheDeliveriesTheySay() throws Exception {
		Instant now = Instant.now();
		insert(List.of(delivery("p1", "billing", now.minusSeconds(50)), delivery("f1", "billing", now.minusSeconds(40)),
				delivery("f2", "shipping", now.minusSeconds(30)), delivery("s1", "billing", now.minusSeconds(20))));
		fail("f1", 500);
		fail("f2", 500);
		succeed("s1");
		assertThat(post("/webhooks-admin/api/deliveries/cancel", "{\"ids\":[\"p1\",\"f1\"]}").get("deliveries")
			.asInt()).isEqualTo(1);
		assertThat(status("p1")).isEqualTo(DeliveryStatus.CANCELLED);
		assertThat(post("/webhooks-admin/api/deliveries/retry", "{\"ids\":[\"p1\"]}").get("deliveries").asInt())
			.isEqualTo(1);
		assertThat(status("p1")).isEqualTo(DeliveryStatus.PENDING);
		assertThat(post("/webhooks-admin/api/deliveries/retry-failed", "{\"target\":\"shipping\"}").get("deliveries")
			.asInt()).isEqualTo(1);
		assertThat(status("f2")).isEqualTo(DeliveryStatus.PENDING);
		assertThat(status("f1")).isEqualTo(DeliveryStatus.FAILED);
		String since = now.minusSeconds(45).toString();
		assertThat(post("/webhooks-admin/api/deliveries/replay", "{\"from\":\"" + since + "\",\"target\":\"billing\"}")
			.get("deliveries").asInt()).isEqualTo(2);
		assertThat(status("f1")).isEqualTo(DeliveryStatus.PENDING);
		assertThat(status("s1")).isEqualTo(DeliveryStatus.PENDING);
	}

	@Test
	void theSessionGivesThePagesTheRotationOverlapWindow() throws Exception {
		assertThat(getJson("/webhooks-admin/api/session").get("rotationOverlap").asString()).isEqualTo("PT24H");
	}

	@Test
	void thePreviewRefusesAnInvalidDefinitionWithTheHooksApisOwnFieldErrors() throws Exception {
		String definition = "{\"name\":\"crm\",\"entityType\":\"Customer\",\"events\":[\"created\"],"
				+ "\"url\":\"ftp://crm\",\"headers\":\"X-Token 1234\"}";
		HttpResponse<String> fromApi = send("POST", "/webhooks/api/hooks", definition);
		HttpResponse<String> fromPreview = send("POST", "/webhooks-admin/api/hooks/preview",
				"{\"definition\":" + definition + ",\"sample\":{}}");
		assertThat(fromApi.statusCode()).isEqualTo(400);
		assertThat(fromPreview.statusCode()).isEqualTo(400);
		JsonNode apiErrors = this.json.readTree(fromApi.body()).get("errors");
		assertThat(this.json.readTree(fromPreview.body()).get("errors")).isEqualTo(apiErrors);
		assertThat(apiErrors.toString()).contains("headers").contains("has no ':'").contains("url");
	}

	@Test
	void thePreviewRendersTheTemplateForTheSampleAndTellsWhetherTheFilterFires() throws Exception {
		String definition = "{\"name\":\"crm\",\"entityType\":\"Customer\",\"events\":[\"created\"],"
				+ "\"url\":\"http://127.0.0.1:9/in\",\"contentType\":\"application/json\","
				+ "\"template\":\"{\\\"name\\\": \\\"{{instance.name}}\\\", \\\"event\\\": \\\"{{event}}\\\"}\","
				+ "\"match\":[{\"field\":\"city\",\"operator\":\"equals\",\"value\":\"Bern\"}]}";
		JsonNode preview = post("/webhooks-admin/api/hooks/preview",
				"{\"definition\":" + definition + ",\"sample\":{\"name\":\"Zoë \\\"Z\\\"\",\"city\":\"Basel\"}}");
		assertThat(preview.get("payload").asString()).isEqualTo("{\"name\": \"Zoë \\\"Z\\\"\", \"event\": \"created\"}");
		assertThat(preview.get("matches").asBoolean()).isFalse();
		assertThat(send("GET", "/webhooks/api/hooks", null).body()).isEqualTo("[]");
	}

	private DeliveryStatus status(String id) {
		return this.store.queries().find(id).map(Delivery::status).orElseThrow();
	}

	private void fail(String id, int statusCode) {
		complete(id, new DeliveryAttempt(id, 1, Instant.now(), Duration.ofMillis(42), statusCode, "try later",
				"HTTP " + statusCode), DeliveryStatus.FAILED);
	}

	private void succeed(String id) {
		complete(id, new DeliveryAttempt(id, 1, Instant.now(), Duration.ofMillis(5), 200, "ok", null),
				DeliveryStatus.SUCCEEDED);
	}

	private void complete(String id, DeliveryAttempt attempt, DeliveryStatus status) {
		List<Delivery> claimed = this.store.leases().claim("test", Instant.now().plusSeconds(3600), Duration.ofMinutes(1), 500);
		List<String> others = claimed.stream().map(Delivery::id).filter((claimedId) -> !claimedId.equals(id)).toList();
		this.store.leases().complete(List.of(new DeliveryOutcome(attempt, "test", status, null)), Instant.now());
		this.store.leases().release("test", others, Instant.now());
	}

	private static NewDelivery delivery(String id, String target, Instant createdAt) {
		return new NewDelivery(id, Target.parse(target), "https://example.com/in", "POST", Map.of(), "invoice.paid", "Invoice", "1",
				"{}", createdAt);
	}

	private void insert(List<NewDelivery> deliveries) throws Exception {
		try (Connection connection = this.application.getBean(DataSource.class).getConnection()) {
			connection.setAutoCommit(false);
			this.store.writer().insert(connection, deliveries);
			connection.commit();
		}
	}

	private JsonNode getJson(String path) throws Exception {
		HttpResponse<String> response = get(path, "admin");
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private JsonNode post(String path, String body) throws Exception {
		HttpResponse<String> response = send("POST", path, body);
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> get(String path, String user) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path));
		if (user != null) {
			request.header("Authorization", basic(user));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Authorization", basic("admin"))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
	}

}
