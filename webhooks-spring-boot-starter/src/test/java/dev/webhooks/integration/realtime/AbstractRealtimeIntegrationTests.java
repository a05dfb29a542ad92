package dev.webhooks.integration.realtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.webhooks.integration.realtime.app.LiveApplication;
import dev.webhooks.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
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

/**
 * Two instances of an application on the database under test, browsers subscribed to either over real HTTP: what
 * live clients see of committed changes made on any instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRealtimeIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final MediaType JSON_TYPE = MediaType.get("application/json");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OkHttpClient http = new OkHttpClient();

	private TestDatabase database;

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void startTwoInstances() {
		this.database = TestDatabase.create(databaseKind());
		this.first = start("create-drop");
		this.second = start("none");
	}

	private ConfigurableApplicationContext start(String ddl) {
		return new SpringApplicationBuilder(LiveApplication.class).web(WebApplicationType.SERVLET)
			.properties(this.database.springProperties())
			.properties("server.port=0", "spring.jpa.hibernate.ddl-auto=" + ddl, "webhooks.app-id=live-" + ddl,
					"webhooks.realtime.sse.poll-interval=50ms", "webhooks.realtime.sse.heartbeat-interval=200ms")
			.run();
	}

	@AfterAll
	void stopInstances() {
		if (this.second != null) {
			this.second.close();
		}
		if (this.first != null) {
			this.first.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void aSubscriberOnAnotherInstanceReceivesCreatedUpdatedAndDeletedInCommitOrder() throws IOException {
		try (SseTestClient client = SseTestClient.subscribe(url(this.second, "/realtime/events?channel=invoices"))) {
			long id = create(this.first, 1, "INV-1", 100, null);
			update(this.first, id, "{\"amount\":150}");
			delete(this.first, id);

			SseTestClient.Event created = client.nextAbout(id, WAIT);
			assertThat(created.name()).isEqualTo("invoice.created");
			JsonNode frame = created.json();
			assertThat(frame.get("channel").asString()).isEqualTo("invoices");
			assertThat(frame.get("entityType").asString()).isEqualTo("Invoice");
			assertThat(frame.get("entityId").asString()).isEqualTo(String.valueOf(id));
			assertThat(frame.get("data").get("number").asString()).isEqualTo("INV-1");
			assertThat(frame.get("data").get("amount").asInt()).isEqualTo(100);
			assertThat(frame.get("data").has("internalNote")).as("excluded attribute").isFalse();
			SseTestClient.Event updated = client.nextAbout(id, WAIT);
			assertThat(updated.name()).isEqualTo("invoice.updated");
			assertThat(updated.json().get("data").get("amount").asInt()).isEqualTo(150);
			assertThat(client.nextAbout(id, WAIT).name()).isEqualTo("invoice.deleted");
		}
	}

	@Test
	void aRolledBackChangeIsNeverPushed() throws IOException {
		try (SseTestClient client = SseTestClient.subscribe(url(this.first, "/realtime/events?channel=invoices"))) {
			create(this.first, 1, "ROLLED-BACK", 1, null, true);
			long committed = create(this.second, 1, "COMMITTED", 2, null);

			// the rolled-back insert was made first: had it been pushed, it would be here
			assertThat(client.until(committed, WAIT)).extracting((event) -> event.json().get("data").get("number").asString())
				.doesNotContain("ROLLED-BACK")
				.endsWith("COMMITTED");
		}
	}

	@Test
	void anUpdateOfExcludedAttributesOnlyIsNotPushed() throws IOException {
		try (SseTestClient client = SseTestClient.subscribe(url(this.first, "/realtime/events?channel=invoices"))) {
			long id = create(this.first, 1, "INV-NOTE", 5, null);
			assertThat(client.nextAbout(id, WAIT).name()).isEqualTo("invoice.created");
			update(this.first, id, "{\"internalNote\":\"changed\"}");
			update(this.first, id, "{\"amount\":6}");

			SseTestClient.Event next = client.nextAbout(id, WAIT);
			assertThat(next.name()).isEqualTo("invoice.updated");
			assertThat(next.json().get("data").get("amount").asInt()).isEqualTo(6);
		}
	}

	@Test
	void theConnectionWhoseRequestMadeTheChangeIsLeftOut() throws IOException {
		try (SseTestClient author = SseTestClient.subscribe(url(this.first, "/realtime/events?channel=invoices"));
				SseTestClient other = SseTestClient.subscribe(url(this.second, "/realtime/events?channel=invoices"))) {
			long own = create(this.first, 1, "OWN", 1, author.connectionId());
			long foreign = create(this.second, 1, "FOREIGN", 2, null);

			// two instances push concurrently: the two may arrive in either order
			List<SseTestClient.Event> seen = new ArrayList<>(other.until(foreign, WAIT));
			if (seen.stream().noneMatch((event) -> event.isAbout(own))) {
				seen.addAll(other.until(own, WAIT));
			}
			assertThat(seen).as("the other connection receives both")
				.anySatisfy((event) -> assertThat(event.isAbout(own)).isTrue());
			assertThat(author.until(foreign, WAIT)).as("its own change was left out")
				.noneSatisfy((event) -> assertThat(event.isAbout(own)).isTrue());
		}
	}

	@Test
	void aPrivateChannelIsRefusedWithoutAuthorization() throws IOException {
		try (Response refused = SseTestClient.refusal(url(this.first, "/realtime/events?channel=private-tenant-7"))) {
			assertThat(refused.code()).isEqualTo(403);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
			JsonNode problem = JSON.readTree(refused.body().string());
			assertThat(problem.get("status").asInt()).isEqualTo(403);
			assertThat(problem.get("detail").asString()).contains("private-tenant-7");
		}
		try (Response refused = SseTestClient.refusal(url(this.first, "/realtime/events?channel=private-tenant-7"),
				"X-Tenant", "8")) {
			assertThat(refused.code()).as("another tenant's channel").isEqualTo(403);
		}
	}

	@Test
	void anAuthorizedPrivateChannelReceivesOnlyItsTenantsChanges() throws IOException {
		String url = url(this.second, "/realtime/events?channel=private-tenant-7");
		try (SseTestClient client = subscribeAs(url, "7")) {
			create(this.first, 8, "OTHER-TENANT", 1, null);
			long own = create(this.first, 7, "OWN-TENANT", 1, null);

			List<SseTestClient.Event> events = client.until(own, WAIT);
			assertThat(events).extracting((event) -> event.json().get("channel").asString())
				.containsOnly("private-tenant-7");
			assertThat(events).extracting((event) -> event.json().get("data").get("tenantId").asLong()).containsOnly(7L);
		}
	}

	@Test
	void idleConnectionsReceiveHeartbeats() throws IOException {
		try (SseTestClient client = SseTestClient.subscribe(url(this.first, "/realtime/events?channel=quiet"))) {
			org.awaitility.Awaitility.await().atMost(WAIT).until(() -> client.comments() >= 2);
			assertThat(client.nothingReceived()).isTrue();
		}
	}

	@Test
	void theMetricsCountThePushedEventsAndTheOpenConnections() throws IOException {
		MeterRegistry firstMeters = this.first.getBean(MeterRegistry.class);
		MeterRegistry secondMeters = this.second.getBean(MeterRegistry.class);
		try (SseTestClient client = SseTestClient.subscribe(url(this.second, "/realtime/events?channel=invoices"))) {
			assertThat(secondMeters.get("webhooks.realtime.sse.connections").gauge().value()).isGreaterThanOrEqualTo(1);
			double pushedBefore = events(firstMeters, "pushed");
			long id = create(this.first, 1, "METERED", 3, null);
			assertThat(client.nextAbout(id, WAIT).name()).isEqualTo("invoice.created");

			// the event can reach the client before the committing instance has counted it
			org.awaitility.Awaitility.await()
				.atMost(WAIT)
				.untilAsserted(() -> assertThat(events(firstMeters, "pushed")).isGreaterThan(pushedBefore));
			assertThat(events(firstMeters, "failed")).isZero();
			assertThat(events(firstMeters, "dropped")).isZero();
			assertThat(firstMeters.get("webhooks.realtime.queue").gauge().value()).isGreaterThanOrEqualTo(0);
		}
	}

	private static double events(MeterRegistry meters, String outcome) {
		return meters.get("webhooks.realtime.events").tag("outcome", outcome).functionCounter().count();
	}

	@Test
	void aSubscriptionWithoutChannelIsABadRequest() throws IOException {
		try (Response refused = SseTestClient.refusal(url(this.first, "/realtime/events"))) {
			assertThat(refused.code()).isEqualTo(400);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		}
	}

	private SseTestClient subscribeAs(String url, String tenant) throws IOException {
		// the authorizer reads the tenant from a header; a browser would send a session cookie instead
		return SseTestClient.subscribeWith(url, "X-Tenant", tenant);
	}

	private long create(ConfigurableApplicationContext instance, long tenant, String number, int amount,
			String connectionId) throws IOException {
		return create(instance, tenant, number, amount, connectionId, false);
	}

	private long create(ConfigurableApplicationContext instance, long tenant, String number, int amount,
			String connectionId, boolean rollback) throws IOException {
		String body = "{\"tenantId\":" + tenant + ",\"number\":\"" + number + "\",\"amount\":" + amount + "}";
		Request.Builder request = new Request.Builder().url(url(instance, "/invoices?rollback=" + rollback))
			.post(RequestBody.create(body, JSON_TYPE));
		if (connectionId != null) {
			request.header("X-Pusher-Socket-Id", connectionId);
		}
		try (Response response = this.http.newCall(request.build()).execute()) {
			assertThat(response.code()).isEqualTo(200);
			return JSON.readTree(response.body().string()).get("id").asLong();
		}
	}

	private void update(ConfigurableApplicationContext instance, long id, String body) throws IOException {
		Request request = new Request.Builder().url(url(instance, "/invoices/" + id))
			.put(RequestBody.create(body, JSON_TYPE))
			.build();
		try (Response response = this.http.newCall(request).execute()) {
			assertThat(response.code()).isEqualTo(204);
		}
	}

	private void delete(ConfigurableApplicationContext instance, long id) throws IOException {
		try (Response response = this.http.newCall(new Request.Builder().url(url(instance, "/invoices/" + id)).delete()
			.build()).execute()) {
			assertThat(response.code()).isEqualTo(204);
		}
	}

	private static String url(ConfigurableApplicationContext instance, String path) {
		return "http://localhost:" + ((WebServerApplicationContext) instance).getWebServer().getPort() + path;
	}

}
