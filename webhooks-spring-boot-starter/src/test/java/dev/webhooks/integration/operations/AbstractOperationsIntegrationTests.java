package dev.webhooks.integration.operations;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.webhooks.autoconfigure.operations.WebhooksCommandExit;
import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every operation through the Actuator endpoint of a running web node and as a one-shot command of the same
 * application, plus health transitions and metric values, on the database under test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractOperationsIntegrationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private TestDatabase database;

	private ConfigurableApplicationContext web;

	private JdbcOutbox store;

	private String actuator;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void startWebNode() {
		this.database = TestDatabase.create(databaseKind());
		// a web node: serves the endpoint and captures, while worker nodes dispatch
		this.web = application(WebApplicationType.SERVLET, "server.port=0", "webhooks.dispatch.enabled=false",
				"management.endpoints.web.exposure.include=health,webhooks,env,beans",
				"management.endpoint.health.show-details=always", "webhooks.operations.health.max-pending-age=1h")
			.run();
		this.store = JdbcOutbox.of(this.web::getBean);
		int port = ((WebServerApplicationContext) this.web).getWebServer().getPort();
		this.actuator = "http://localhost:" + port + "/actuator";
	}

	@AfterAll
	void stopWebNode() {
		if (this.web != null) {
			this.web.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@BeforeEach
	void emptyOutbox() throws SQLException {
		this.database.emptyOutbox();
		this.database.execute("DELETE FROM webhooks_target_states");
	}

	// ---- the endpoint

	@Test
	void statsShowCountsTheOldestPendingDeliveryAndFailingTargets() throws Exception {
		Instant now = Instant.now();
		insert(pending("p1", "billing", now.minusSeconds(120)), failed("f1", "shipping", now, "HTTP 503"));
		Response response = get("/webhooks");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("counts").get("PENDING").asLong()).isEqualTo(1);
		assertThat(response.json().get("counts").get("FAILED").asLong()).isEqualTo(1);
		assertThat(response.json().get("queueDepth").asLong()).isEqualTo(1);
		assertThat(response.json().get("oldestPendingAgeSeconds").asLong()).isGreaterThanOrEqualTo(120);
		JsonNode failing = response.json().get("failingTargets").get(0);
		assertThat(failing.get("target").asString()).isEqualTo("shipping");
		assertThat(failing.get("lastError").asString()).isEqualTo("HTTP 503");
	}

	@Test
	void retryThroughTheEndpointTakesATargetAHookOrIds() throws Exception {
		Instant now = Instant.now();
		insert(failed("b1", "billing", now, "HTTP 500"), failed("s1", "shipping", now, "HTTP 500"),
				failed("h1", "hook:7", now, "HTTP 500"), failed("i1", "billing-eu", now, "HTTP 500"),
				failed("i2", "billing-eu", now, "HTTP 500"));
		assertThat(post("/webhooks/retry", "{\"target\":\"billing\"}").json().get("deliveries").asInt()).isEqualTo(1);
		assertThat(post("/webhooks/retry", "{\"hook\":\"7\"}").json().get("deliveries").asInt()).isEqualTo(1);
		Response byIds = post("/webhooks/retry", "{\"ids\":\"i1, i2,s1\",\"status\":\"FAILED\"}");
		assertThat(byIds.status()).as(byIds.json().toString()).isEqualTo(200);
		assertThat(byIds.json().get("operation").asString()).isEqualTo("retry");
		assertThat(byIds.json().get("deliveries").asInt()).isEqualTo(3);
		assertThat(ids(DeliveryStatus.PENDING)).containsExactly("b1", "h1", "i1", "i2", "s1");
		assertThat(this.store.queries().find("b1").orElseThrow().attemptCount()).isZero();
	}

	@Test
	void sendNowThroughTheEndpointMakesChosenPendingDeliveriesDue() throws Exception {
		Instant later = Instant.now().plus(Duration.ofHours(1));
		insert(pending("p1", "billing", later), pending("p2", "billing", later));
		Response response = post("/webhooks/send-now", "{\"ids\":\"p1\"}");
		assertThat(response.json().get("deliveries").asInt()).isEqualTo(1);
		assertThat(this.store.queries().find("p1").orElseThrow().nextAttemptAt()).isBefore(later);
		assertThat(this.store.queries().find("p2").orElseThrow().nextAttemptAt()).isEqualTo(later.truncatedTo(ChronoUnit.MICROS));
	}

	@Test
	void cancelThroughTheEndpointNeedsAFilterOrAllAndCancelsPendingDeliveries() throws Exception {
		Instant now = Instant.now();
		insert(pending("p1", "billing", now), entity(pending("p2", "billing", now), "Invoice"));
		Response refused = post("/webhooks/cancel", "{}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("error").asString()).contains("all=true");
		assertThat(post("/webhooks/cancel", "{\"entityType\":\"Invoice\"}").json().get("deliveries").asInt())
			.isEqualTo(1);
		assertThat(ids(DeliveryStatus.CANCELLED)).containsExactly("p2");
		assertThat(post("/webhooks/cancel", "{\"all\":true}").json().get("deliveries").asInt()).isEqualTo(1);
		assertThat(ids(DeliveryStatus.CANCELLED)).containsExactly("p1", "p2");
	}

	@Test
	void monitorThroughTheEndpointAnswers503OnceTheLimitIsReached() throws Exception {
		Instant now = Instant.now();
		insert(failed("old", "billing", now.minus(Duration.ofHours(2)), "HTTP 500"),
				failed("new", "billing", now, "HTTP 500"));
		Response under = get("/webhooks/monitor?status=FAILED&limit=3");
		assertThat(under.status()).isEqualTo(200);
		assertThat(under.json().get("count").asLong()).isEqualTo(2);
		assertThat(under.json().get("limitReached").asBoolean()).isFalse();
		assertThat(get("/webhooks/monitor?status=error&limit=2").status()).isEqualTo(503);
		assertThat(get("/webhooks/monitor?status=FAILED&limit=2&minutes=10").status()).isEqualTo(200);
		Response missing = get("/webhooks/monitor?limit=2");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().get("error").asString()).contains("status");
	}

	@Test
	void purgeThroughTheEndpointDeletesOldFinishedDeliveries() throws Exception {
		Instant now = Instant.now();
		insert(failed("old", "billing", now.minus(Duration.ofDays(40)), "HTTP 500"),
				failed("recent", "billing", now.minus(Duration.ofDays(3)), "HTTP 500"),
				pending("waiting", "billing", now.minus(Duration.ofDays(40))));
		Response response = post("/webhooks/purge", "{\"olderThanDays\":7}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("deliveries").asLong()).isEqualTo(1);
		assertThat(this.store.queries().find("old")).isEmpty();
		assertThat(this.store.queries().find("recent")).isPresent();
		assertThat(this.store.queries().find("waiting")).isPresent();
	}

	@Test
	void writeOperationsNeedTheApplicationsActuatorCredentials() throws Exception {
		insert(failed("f1", "billing", Instant.now(), "HTTP 500"));
		HttpResponse<String> anonymous = this.http.send(HttpRequest.newBuilder(URI.create(this.actuator + "/webhooks/retry"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(ids(DeliveryStatus.FAILED)).containsExactly("f1");
	}

	@Test
	void theDocumentedActuatorChainRefusesEveryEndpointItDoesNotList() throws Exception {
		assertThat(get("/health/webhooks", null).status()).isEqualTo(200);
		assertThat(get("/webhooks", null).status()).isEqualTo(401);
		assertThat(get("/webhooks", OperationsTestApplication.MONITOR).status()).isEqualTo(200);
		assertThat(get("/webhooks", OperationsTestApplication.OPERATOR).status()).isEqualTo(200);
		// exposed, but not listed in the chain: refused to anonymous callers and to operators alike
		for (String endpoint : List.of("/env", "/beans", "/no-such-endpoint")) {
			assertThat(get(endpoint, null).status()).as(endpoint).isEqualTo(401);
			assertThat(get(endpoint, OperationsTestApplication.OPERATOR).status()).as(endpoint).isEqualTo(403);
		}
	}

	@Test
	void enableTargetThroughTheEndpointSendsTheDeliveriesKeptWhileTheTargetWasDisabled() throws Exception {
		Instant now = Instant.now();
		disable("billing", now);
		insert(pending("b1", "billing", now));
		this.store.targets().parkDisabledTargets(now);
		JsonNode stats = get("/webhooks").json();
		assertThat(stats.get("disabledTargets").has("billing")).isTrue();
		assertThat(get("/health/webhooks").json().get("details").get("disabledTargets").has("billing")).isTrue();
		Response enabled = post("/webhooks/enable-target", "{\"target\":\"billing\"}");
		assertThat(enabled.status()).isEqualTo(200);
		assertThat(enabled.json().get("deliveries").asInt()).isEqualTo(1);
		assertThat(this.store.queries().find("b1").orElseThrow().nextAttemptAt()).isBefore(TargetStates.PARKED_UNTIL);
		Response again = post("/webhooks/enable-target", "{\"target\":\"billing\"}");
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.json().get("error").asString()).contains("is not disabled");
	}

	@Test
	void theEndpointRejectsUnknownOperationsAndWritesSentAsReads() throws Exception {
		Response unknown = post("/webhooks/resend-all", "{}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("error").asString())
			.contains("retry, send-now, cancel, monitor, purge, stats, enable-target");
		assertThat(get("/webhooks/retry").status()).isEqualTo(400);
	}

	@Test
	void healthTurnsOutOfServiceWhileAPendingDeliveryIsTooOldAndUpAgainOnceItIsGone() throws Exception {
		Response up = get("/health/webhooks");
		assertThat(up.status()).isEqualTo(200);
		assertThat(up.json().get("status").asString()).isEqualTo("UP");
		assertThat(up.json().get("details").get("queueDepth").asLong()).isZero();
		insert(pending("stuck", "billing", Instant.now().minus(Duration.ofHours(2))),
				failed("f1", "billing", Instant.now(), "HTTP 500"));
		Response outOfService = get("/health/webhooks");
		assertThat(outOfService.status()).isEqualTo(503);
		assertThat(outOfService.json().get("status").asString()).isEqualTo("OUT_OF_SERVICE");
		JsonNode details = outOfService.json().get("details");
		assertThat(details.get("queueDepth").asLong()).isEqualTo(1);
		assertThat(details.get("reasons").get(0).asString()).contains("oldest pending delivery");
		assertThat(details.get("failingTargets").get(0).get("target").asString()).isEqualTo("billing");
		post("/webhooks/cancel", "{\"ids\":\"stuck\"}");
		assertThat(get("/health/webhooks").json().get("status").asString()).isEqualTo("UP");
	}

	// ---- one-shot commands

	@Test
	void retryCommandRetriesAndExitsWithZero(CapturedOutput output) {
		Instant now = Instant.now();
		insert(failed("b1", "billing", now, "HTTP 500"), failed("s1", "shipping", now, "HTTP 500"));
		assertThat(command("--webhooks.command=retry", "--webhooks.command.target=billing")).isZero();
		assertThat(output).contains("retry: 1 deliveries");
		assertThat(ids(DeliveryStatus.PENDING)).containsExactly("b1");
	}

	@Test
	void sendNowCommandSendsAHooksPendingDeliveries(CapturedOutput output) {
		Instant later = Instant.now().plus(Duration.ofHours(1));
		insert(pending("h1", "hook:42", later), pending("b1", "billing", later));
		assertThat(command("--webhooks.command=send-now", "--webhooks.command.hook=42")).isZero();
		assertThat(output).contains("send-now: 1 deliveries");
		assertThat(this.store.queries().find("h1").orElseThrow().nextAttemptAt()).isBefore(later);
		assertThat(this.store.queries().find("b1").orElseThrow().nextAttemptAt()).isEqualTo(later.truncatedTo(ChronoUnit.MICROS));
	}

	@Test
	void cancelCommandCancelsTheGivenIds(CapturedOutput output) {
		Instant now = Instant.now();
		insert(pending("p1", "billing", now), pending("p2", "billing", now), pending("p3", "billing", now));
		assertThat(command("--webhooks.command=cancel", "--webhooks.command.ids=p1,p3")).isZero();
		assertThat(output).contains("cancel: 2 deliveries");
		assertThat(ids(DeliveryStatus.CANCELLED)).containsExactly("p1", "p3");
	}

	@Test
	void monitorCommandExitsWithOneOnceTheLimitIsReached(CapturedOutput output) {
		Instant now = Instant.now();
		insert(failed("f1", "billing", now, "HTTP 500"), failed("f2", "billing", now, "HTTP 500"),
				failed("old", "billing", now.minus(Duration.ofHours(1)), "HTTP 500"));
		assertThat(command("--webhooks.command=monitor", "--webhooks.command.status=FAILED",
				"--webhooks.command.limit=3")).isEqualTo(1);
		assertThat(output).contains("monitor: 3 FAILED deliveries, limit 3: LIMIT REACHED");
		assertThat(command("--webhooks.command=monitor", "--webhooks.command.status=FAILED",
				"--webhooks.command.limit=3", "--webhooks.command.minutes=10")).isZero();
		assertThat(command("--webhooks.command=monitor", "--webhooks.command.status=PENDING")).isZero();
	}

	@Test
	void purgeCommandDeletesFinishedDeliveriesOlderThanTheGivenDays(CapturedOutput output) {
		Instant now = Instant.now();
		insert(failed("old", "billing", now.minus(Duration.ofDays(10)), "HTTP 500"),
				failed("recent", "billing", now, "HTTP 500"));
		assertThat(command("--webhooks.command=purge", "--webhooks.command.older-than-days=7")).isZero();
		assertThat(output).contains("purge: 1 finished deliveries");
		assertThat(this.store.queries().find("old")).isEmpty();
		assertThat(this.store.queries().find("recent")).isPresent();
	}

	@Test
	void statsCommandPrintsCountsAndFailingTargets(CapturedOutput output) {
		insert(failed("f1", "billing", Instant.now(), "HTTP 502"));
		assertThat(command("--webhooks.command=stats")).isZero();
		assertThat(output).contains("stats: PENDING=0 IN_FLIGHT=0 SUCCEEDED=0 FAILED=1 CANCELLED=0")
			.contains("failing target 'billing': 1 deliveries").contains("HTTP 502");
	}

	@Test
	void enableTargetCommandEnablesADisabledHook(CapturedOutput output) {
		Instant now = Instant.now();
		disable("hook:9", now);
		insert(pending("h1", "hook:9", now), pending("h2", "hook:9", now));
		this.store.targets().parkDisabledTargets(now);
		assertThat(command("--webhooks.command=enable-target", "--webhooks.command.hook=9")).isZero();
		assertThat(output).contains("enable-target: 2 deliveries");
		assertThat(this.store.targets().disabledTargets()).isEmpty();
		assertThat(command("--webhooks.command=enable-target", "--webhooks.command.hook=9")).isEqualTo(2);
	}

	@Test
	void datesAtTheEdgesOfInstantAreAnswered400NamingTheArgument() throws Exception {
		Response retry = post("/webhooks/retry", "{\"from\":\"+1000000000-01-01T00:00:00Z\"}");
		assertThat(retry.status()).isEqualTo(400);
		assertThat(retry.json().get("error").asString()).isEqualTo("from '+1000000000-01-01T00:00:00Z' is outside "
				+ "the supported range 1000-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
		Response monitor = get("/webhooks/monitor?status=FAILED&from=PT9223372036854775807S");
		assertThat(monitor.status()).isEqualTo(400);
		assertThat(monitor.json().get("error").asString()).startsWith("from 'PT9223372036854775807S' is outside");
		Response purge = post("/webhooks/purge", "{\"olderThanDays\":\"2147483647\"}");
		assertThat(purge.status()).isEqualTo(400);
		assertThat(purge.json().get("error").asString()).startsWith("older-than-days 2147483647 reaches back");
	}

	@Test
	void aCommandWithADateAtTheEdgeOfInstantExitsWithTwoAndSaysWhy(CapturedOutput output) {
		assertThat(command("--webhooks.command=retry", "--webhooks.command.from=+1000000000-01-01T00:00:00Z"))
			.isEqualTo(2);
		assertThat(output).contains("from '+1000000000-01-01T00:00:00Z' is outside the supported range");
		assertThat(command("--webhooks.command=monitor", "--webhooks.command.status=FAILED",
				"--webhooks.command.from=PT9223372036854775807S"))
			.isEqualTo(2);
		assertThat(output).contains("from 'PT9223372036854775807S' is outside the supported range");
	}

	@Test
	void aCommandWithInvalidArgumentsExitsWithTwoAndSaysWhy(CapturedOutput output) {
		assertThat(command("--webhooks.command=monitor", "--webhooks.command.status=LOST")).isEqualTo(2);
		assertThat(output).contains("status 'LOST' is not one of");
		assertThat(command("--webhooks.command=resend")).isEqualTo(2);
		assertThat(output).contains("Unknown operation 'resend'");
	}

	@Test
	void aCommandStartsNeitherTheWebServerNorTheDispatcher() {
		AtomicReference<@Nullable Integer> exit = new AtomicReference<>();
		try (ConfigurableApplicationContext context = application(WebApplicationType.SERVLET, "server.port=0")
			.initializers((ctx) -> ctx.getBeanFactory()
				.registerSingleton("webhooksCommandExit", (WebhooksCommandExit) exit::set))
			.run("--webhooks.command=stats")) {
			assertThat(exit.get()).isZero();
			assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
			assertThat(context.getBeansOfType(DeliveryDispatcher.class)).isEmpty();
			// the application's own Actuator chain (docs/production.md, unguarded) was built all the same
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsKey("actuator");
		}
	}

	// ---- metrics

	@Test
	void metricsCountAKnownSequenceOfDeliveries() throws Exception {
		Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
		try (MockWebServer target = new MockWebServer()) {
			target.setDispatcher(new Dispatcher() {

				@Override
				public MockResponse dispatch(RecordedRequest request) {
					String id = request.getHeaders().get("webhook-id");
					int call = calls.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
					boolean ok = id.startsWith("ok") || (id.startsWith("flaky") && call > 1);
					return new MockResponse.Builder().code(ok ? 200 : 500).build();
				}

			});
			target.start();
			// a worker node: dispatches, serves nothing
			try (ConfigurableApplicationContext worker = application(WebApplicationType.NONE,
					"webhooks.servers.billing.url=" + target.url("/hooks"), "webhooks.dispatch.poll-interval=50ms",
					"webhooks.retry.max-attempts=2", "webhooks.retry.initial-interval=50ms",
					"webhooks.retry.jitter=0", "webhooks.operations.metrics.queue-refresh-interval=0s")
				.run()) {
				MeterRegistry registry = worker.getBean(MeterRegistry.class);
				Instant now = Instant.now();
				insert(pending("ok-1", "billing", now), pending("ok-2", "billing", now),
						pending("flaky-1", "billing", now), pending("bad-1", "billing", now));
				worker.getBean(DeliveryDispatcher.class).wakeUp();
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(this.store.queries().countByStatus(null)).as("calls %s", calls)
						.containsEntry(DeliveryStatus.SUCCEEDED, 3L)
						.containsEntry(DeliveryStatus.FAILED, 1L));
				await().atMost(Duration.ofSeconds(5))
					.until(() -> registry.find("webhooks.attempts").timers().stream().mapToLong((t) -> t.count()).sum() == 6);
				assertThat(counter(registry, "succeeded")).isEqualTo(3);
				assertThat(counter(registry, "retried")).isEqualTo(2);
				assertThat(counter(registry, "failed")).isEqualTo(1);
				assertThat(registry.get("webhooks.attempts").tag("outcome", "success").tag("target", "billing").timer()
					.count()).isEqualTo(3);
				assertThat(registry.get("webhooks.attempts").tag("outcome", "failure").tag("target", "billing").timer()
					.count()).isEqualTo(3);
				assertThat(registry.get("webhooks.queue.depth").gauge().value()).isZero();
				insert(pending("later", "billing", now.plus(Duration.ofHours(1))));
				assertThat(registry.get("webhooks.queue.depth").gauge().value()).isEqualTo(1);
			}
		}
	}

	private static double counter(MeterRegistry registry, String outcome) {
		return registry.get("webhooks.deliveries").tag("outcome", outcome).tag("target", "billing").counter().count();
	}

	// ---- helpers

	private SpringApplicationBuilder application(WebApplicationType type, String... properties) {
		List<String> all = new ArrayList<>(List.of("webhooks.app-id=ops",
				"webhooks.servers.billing.url=http://localhost:9/hooks", "webhooks.servers.billing.secret=" + SECRET,
				"webhooks.http.allow-private-addresses=true", "spring.jpa.hibernate.ddl-auto=none",
				"spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(OperationsTestApplication.class).web(type)
			.properties(this.database.springProperties())
			.properties(all.toArray(String[]::new));
	}

	/** Runs the application as a one-shot command and returns its exit status. */
	private int command(String... args) {
		AtomicReference<@Nullable Integer> exit = new AtomicReference<>();
		try (ConfigurableApplicationContext context = application(WebApplicationType.SERVLET)
			.initializers((ctx) -> ctx.getBeanFactory()
				.registerSingleton("webhooksCommandExit", (WebhooksCommandExit) exit::set))
			.run(args)) {
			assertThat(exit.get()).as("exit status").isNotNull();
			return exit.get();
		}
	}

	/** A target as the scheduled check leaves it after every attempt failed for six days. */
	private void disable(String target, Instant now) {
		this.store.targets().recordAttempts(Map.of(Target.parse(target), false), now.minus(Duration.ofDays(6)));
		assertThat(this.store.targets().disableFailingTargets(now.minus(Duration.ofDays(5)), now))
			.containsExactly(Target.parse(target));
	}

	private List<String> ids(DeliveryStatus status) {
		return this.store.queries().search(DeliverySearch.newest(100).withStatus(status)).stream().map(Delivery::id).sorted().toList();
	}

	/** A read as monitoring does it. */
	private Response get(String path) throws IOException, InterruptedException {
		return get(path, OperationsTestApplication.MONITOR);
	}

	private Response get(String path, @Nullable String user) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.actuator + path)).GET();
		if (user != null) {
			request.header("Authorization", basic(user));
		}
		return send(request.build());
	}

	private Response post(String path, String json) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(this.actuator + path))
			.header("Authorization", basic(OperationsTestApplication.OPERATOR))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private static String basic(String user) {
		String credentials = user + ":" + OperationsTestApplication.PASSWORD;
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private Response send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.body().isEmpty() ? JSON.createObjectNode()
				: JSON.readTree(response.body()));
	}

	private void insert(NewDelivery... deliveries) {
		try (Connection connection = this.database.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			this.store.writer().insert(connection, List.of(deliveries));
			connection.commit();
			connection.setAutoCommit(true);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static NewDelivery pending(String id, String target, Instant createdAt) {
		return new NewDelivery(id, Target.parse(target), "http://localhost:9/hooks", "POST", Map.of(), "invoice.paid", null, null,
				"{}", createdAt);
	}

	private static NewDelivery failed(String id, String target, Instant createdAt, String failure) {
		return new NewDelivery(id, Target.parse(target), "http://localhost:9/hooks", "POST", Map.of(), "invoice.paid", null, null,
				"{}", createdAt, failure);
	}

	private static NewDelivery entity(NewDelivery delivery, String entityType) {
		return new NewDelivery(delivery.id(), delivery.target(), delivery.url(), delivery.httpMethod(),
				delivery.headers(), delivery.eventType(), entityType, "1", delivery.payload(), delivery.createdAt(),
				delivery.failure());
	}

	private record Response(int status, JsonNode json) {

	}

}
