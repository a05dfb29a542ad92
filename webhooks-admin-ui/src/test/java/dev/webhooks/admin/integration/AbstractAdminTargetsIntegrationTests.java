package dev.webhooks.admin.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.events.OperationalEvent;
import dev.webhooks.events.TargetDisabled;
import dev.webhooks.events.TargetEnabled;
import dev.webhooks.operations.OperationArguments;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.testing.TestDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The targets of the admin API over real HTTP, with a running dispatcher sending to a local receiver: the list and
 * detail with URLs shown without credentials, problems for unknown and malformed targets, disable parking the
 * deliveries and raising the event, enable sending them, and a failing server's circuit shown open. One subclass
 * per database, since disabling and enabling park and release deliveries in the outbox.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractAdminTargetsIntegrationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();

	private final List<OperationalEvent> events = new CopyOnWriteArrayList<>();

	private MockWebServer receiver;

	private TestDatabase database;

	private ConfigurableApplicationContext application;

	private JdbcOutbox store;

	private String base;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void start() throws Exception {
		this.receiver = new MockWebServer();
		this.receiver.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				AbstractAdminTargetsIntegrationTests.this.received.add(request);
				boolean fails = request.getUrl().encodedPath().equals("/flaky");
				return new MockResponse.Builder().code(fails ? 500 : 200).body(fails ? "down" : "ok").build();
			}

		});
		this.receiver.start();
		this.database = TestDatabase.create(databaseKind());
		this.application = new SpringApplicationBuilder(AdminTestApplication.class)
			.listeners((ApplicationListener<PayloadApplicationEvent<?>>) (event) -> {
				if (event.getPayload() instanceof OperationalEvent operational) {
					this.events.add(operational);
				}
			})
			.properties(this.database.springProperties())
			.properties("server.port=0", "webhooks.app-id=shop", "webhooks.http.allow-private-addresses=true",
					"webhooks.dispatch.poll-interval=100ms", "webhooks.retry.initial-interval=1h",
					"webhooks.dispatch.breaker.minimum-calls=3", "webhooks.dispatch.breaker.cool-down=10m",
					"webhooks.servers.billing.url=" + this.receiver.url("/billing"),
					"webhooks.servers.billing.secret=" + SECRET, "webhooks.servers.billing.max-concurrency=4",
					"webhooks.servers.flaky.url=" + this.receiver.url("/flaky"),
					"webhooks.servers.flaky.secret=" + SECRET,
					"webhooks.servers.vault.url=https://robot:hunter2@vault.example.com/in?token=s3cr3t&v=2",
					"webhooks.servers.vault.secret=" + SECRET)
			.run();
		this.store = JdbcOutbox.of(this.application::getBean);
		this.base = "http://localhost:" + ((WebServerApplicationContext) this.application).getWebServer().getPort();
	}

	@AfterAll
	void stop() throws Exception {
		if (this.application != null) {
			this.application.close();
		}
		if (this.database != null) {
			this.database.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
	}

	@BeforeEach
	void emptyOutboxAndEnableEveryTarget() {
		this.database.emptyOutbox();
		WebhookOperations operations = this.application.getBean(WebhookOperations.class);
		operations.disabledTargets().keySet().forEach((target) -> operations.enableTarget(new OperationArguments(
				List.of(), target.value(), null, null, null, null, null, null, null, false)));
		this.events.clear();
	}

	@Test
	void anonymousCallersAndUsersWithoutTheRoleAreRefusedEveryTargetEndpoint() throws Exception {
		for (String path : List.of("/webhooks-admin/api/targets", "/webhooks-admin/api/targets/billing")) {
			HttpResponse<String> anonymous = get(path, null);
			assertThat(anonymous.statusCode()).isEqualTo(401);
			assertProblem(anonymous, "admin-unauthorized");
			assertThat(get(path, "clerk").statusCode()).isEqualTo(403);
		}
		for (String action : List.of("disable", "enable")) {
			assertThat(send("/webhooks-admin/api/targets/billing/" + action, null).statusCode()).isEqualTo(401);
			assertThat(send("/webhooks-admin/api/targets/billing/" + action, "clerk").statusCode()).isEqualTo(403);
		}
		assertThat(getJson("/webhooks-admin/api/targets").get("items").toString()).contains("\"enabled\":true");
		assertThat(this.events).isEmpty();
	}

	@Test
	void theListShowsEveryConfiguredServerWithItsLaneLimitsAndItsUrlWithoutCredentials() throws Exception {
		JsonNode list = getJson("/webhooks-admin/api/targets");
		assertThat(list.get("dispatcher").asBoolean()).isTrue();
		List<String> targets = new ArrayList<>();
		list.get("items").forEach((item) -> targets.add(item.get("target").asString()));
		assertThat(targets).contains("billing", "flaky", "vault");
		JsonNode billing = item(list, "billing");
		assertThat(billing.get("kind").asString()).isEqualTo("server");
		assertThat(billing.get("state").asString()).isEqualTo("ok");
		assertThat(billing.get("circuit").asString()).isEqualTo("closed");
		assertThat(billing.get("maxConcurrency").asInt()).isEqualTo(4);
		assertThat(billing.get("url").asString()).isEqualTo(this.receiver.url("/billing").toString());
		JsonNode vault = item(list, "vault");
		assertThat(vault.get("url").asString()).isEqualTo("https://vault.example.com/in?token=…&v=…");
		assertThat(list.toString()).doesNotContain("hunter2").doesNotContain("s3cr3t").doesNotContain("whsec_");
	}

	@Test
	void anUnknownTargetIsA404AndAMalformedOneA400ProblemNamingIt() throws Exception {
		HttpResponse<String> unknown = get("/webhooks-admin/api/targets/nowhere", "admin");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertProblem(unknown, "admin-not-found");
		assertThat(this.json.readTree(unknown.body()).get("detail").asString()).contains("'nowhere'");
		assertThat(send("/webhooks-admin/api/targets/nowhere/disable", "admin").statusCode()).isEqualTo(404);
		HttpResponse<String> malformed = get("/webhooks-admin/api/targets/hook:", "admin");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertProblem(malformed, "admin-invalid");
		assertThat(this.json.readTree(malformed.body()).get("detail").asString()).startsWith("target: ")
			.contains("has no hook id");
		HttpResponse<String> tooLong = get("/webhooks-admin/api/targets/" + "x".repeat(300), "admin");
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertProblem(tooLong, "admin-invalid");
	}

	@Test
	void aHookKnownOnlyByItsDeliveriesIsShownAsADeletedHookAtItsEncodedPath() throws Exception {
		insert(List.of(delivery("h1", "hook:gone-7", Instant.now().plus(Duration.ofHours(1)))));
		JsonNode detail = getJson("/webhooks-admin/api/targets/hook%3Agone-7");
		JsonNode target = detail.get("target");
		assertThat(target.get("target").asString()).isEqualTo("hook:gone-7");
		assertThat(target.get("kind").asString()).isEqualTo("hook");
		assertThat(target.get("id").asString()).isEqualTo("gone-7");
		assertThat(target.get("label").asString()).isEqualTo("gone-7 (deleted hook)");
		assertThat(target.get("url").isNull()).isTrue();
		assertThat(detail.get("pendingDeliveries").asInt()).isEqualTo(1);
		assertThat(detail.get("parkedDeliveries").asInt()).isZero();
		assertThat(getJson("/webhooks-admin/api/targets/hook:gone-7")).isEqualTo(detail);
	}

	@Test
	void disablingParksTheDeliveriesAndRaisesTheEventAndEnablingSendsThem() throws Exception {
		// due in an hour, so nothing is sent before the target is disabled
		Instant later = Instant.now().plus(Duration.ofHours(1));
		insert(List.of(delivery("b1", "billing", later), delivery("b2", "billing", later.plusSeconds(1))));
		JsonNode disabled = post("/webhooks-admin/api/targets/billing/disable");
		assertThat(disabled.get("action").asString()).isEqualTo("disabled");
		assertThat(disabled.get("deliveries").asInt()).isEqualTo(2);
		JsonNode target = disabled.get("target").get("target");
		assertThat(target.get("state").asString()).isEqualTo("disabled");
		assertThat(target.get("enabled").asBoolean()).isFalse();
		assertThat(target.get("disabledSince").isNull()).isFalse();
		assertThat(target.get("disabledReason").asString()).isEqualTo("operator");
		assertThat(target.get("disabledBy").asString()).isEqualTo("admin");
		assertThat(disabled.get("target").get("parkedDeliveries").asInt()).isEqualTo(2);
		assertThat(this.store.queries().find("b1").map(Delivery::nextAttemptAt)).hasValue(TargetStates.PARKED_UNTIL);
		assertThat(this.events).singleElement().isInstanceOfSatisfying(TargetDisabled.class, (event) -> {
			assertThat(event.target()).isEqualTo(Target.server("billing"));
			assertThat(event.reason()).isEqualTo(TargetDisabled.Reason.OPERATOR);
		});
		assertThat(item(getJson("/webhooks-admin/api/targets"), "billing").get("state").asString())
			.isEqualTo("disabled");
		HttpResponse<String> again = send("/webhooks-admin/api/targets/billing/disable", "admin");
		assertThat(again.statusCode()).isEqualTo(409);
		assertProblem(again, "admin-conflict");

		JsonNode enabled = post("/webhooks-admin/api/targets/billing/enable");
		assertThat(enabled.get("action").asString()).isEqualTo("enabled");
		assertThat(enabled.get("deliveries").asInt()).isEqualTo(2);
		assertThat(enabled.get("target").get("target").get("enabled").asBoolean()).isTrue();
		assertThat(enabled.get("target").get("target").get("disabledReason").isNull()).isTrue();
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(status("b1")).isEqualTo(DeliveryStatus.SUCCEEDED);
			assertThat(status("b2")).isEqualTo(DeliveryStatus.SUCCEEDED);
		});
		assertThat(this.received.stream().filter((request) -> request.getUrl().encodedPath().equals("/billing")))
			.hasSizeGreaterThanOrEqualTo(2);
		assertThat(this.events).hasSize(2).element(1).isInstanceOf(TargetEnabled.class);
		assertThat(send("/webhooks-admin/api/targets/billing/enable", "admin").statusCode()).isEqualTo(409);
	}

	@Test
	void aServerWhoseCallsFailShowsAnOpenCircuitUntilItsProbe() throws Exception {
		Instant now = Instant.now();
		insert(List.of(delivery("f1", "flaky", now), delivery("f2", "flaky", now), delivery("f3", "flaky", now),
				delivery("f4", "flaky", now)));
		JsonNode flaky = await().atMost(Duration.ofSeconds(15))
			.until(() -> getJson("/webhooks-admin/api/targets/flaky"),
					(detail) -> "open".equals(detail.get("target").get("circuit").asString()));
		JsonNode target = flaky.get("target");
		assertThat(target.get("state").asString()).isEqualTo("circuit-open");
		assertThat(Instant.parse(target.get("circuitOpenUntil").asString())).isAfter(Instant.now().plusSeconds(60));
		assertThat(target.get("enabled").asBoolean()).isTrue();
		assertThat(flaky.get("lastFailureRate").asDouble()).isGreaterThanOrEqualTo(0.5);
		JsonNode listed = item(getJson("/webhooks-admin/api/targets"), "flaky");
		assertThat(listed.get("state").asString()).isEqualTo("circuit-open");
		assertThat(listed.get("failingDeliveries").asLong()).isGreaterThanOrEqualTo(3);
		assertThat(listed.get("lastError").asString()).contains("500");
	}

	private JsonNode item(JsonNode list, String target) {
		for (JsonNode item : list.get("items")) {
			if (item.get("target").asString().equals(target)) {
				return item;
			}
		}
		throw new AssertionError("no target '" + target + "' in " + list);
	}

	private void assertProblem(HttpResponse<String> response, String type) throws Exception {
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		assertThat(this.json.readTree(response.body()).get("type").asString()).endsWith(type);
	}

	private DeliveryStatus status(String id) {
		return this.store.queries().find(id).map(Delivery::status).orElseThrow();
	}

	private NewDelivery delivery(String id, String target, Instant createdAt) {
		return new NewDelivery(id, Target.parse(target), this.receiver.url("/" + target).toString(), "POST", Map.of(),
				"invoice.paid", "Invoice", "1", "{}", createdAt);
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

	private JsonNode post(String path) throws Exception {
		HttpResponse<String> response = send(path, "admin");
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

	private HttpResponse<String> send(String path, String user) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.POST(HttpRequest.BodyPublishers.noBody());
		if (user != null) {
			request.header("Authorization", basic(user));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
	}

}
