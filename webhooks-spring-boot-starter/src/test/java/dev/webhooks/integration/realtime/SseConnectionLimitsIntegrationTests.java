package dev.webhooks.integration.realtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import dev.webhooks.integration.realtime.app.LiveApplication;
import dev.webhooks.realtime.RealtimeEvent;
import dev.webhooks.spring.realtime.SseChannelHub;
import okhttp3.Credentials;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
 * The connection limits of the server-sent events endpoint over real HTTP: per client (the authenticated user, else
 * the remote address), and the slots of connections that went away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SseConnectionLimitsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ALICE = Credentials.basic("alice", "alice-password");

	private final List<SseTestClient> clients = new ArrayList<>();

	private ConfigurableApplicationContext application;

	private SseChannelHub hub;

	@BeforeAll
	void start() {
		this.application = new SpringApplicationBuilder(LiveApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.datasource.url=jdbc:h2:mem:sse-limits-" + UUID.randomUUID(),
					"spring.jpa.hibernate.ddl-auto=create-drop", "webhooks.app-id=sse-limits",
					"webhooks.realtime.sse.broadcast=local", "webhooks.realtime.sse.max-connections-per-client=2",
					// far longer than any test: a heartbeat is never what notices a closed connection
					"webhooks.realtime.sse.heartbeat-interval=1h")
			.run();
		this.hub = this.application.getBean(SseChannelHub.class);
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(SseTestClient::close);
		this.clients.clear();
		broadcastUntil(() -> this.hub.connectionCount() == 0);
	}

	@AfterAll
	void stop() {
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void aClientOverItsLimitIsRefusedWith429WhileOtherClientsStillConnect() throws IOException {
		open();
		open();

		try (Response refused = SseTestClient.refusal(url("/realtime/events?channel=invoices"))) {
			assertThat(refused.code()).isEqualTo(429);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
			JsonNode problem = JSON.readTree(refused.body().string());
			assertThat(problem.get("type").asString())
				.isEqualTo("https://webhooks.dev/problems/realtime-too-many-client-connections");
			assertThat(problem.get("status").asInt()).isEqualTo(429);
			assertThat(problem.get("detail").asString()).contains("webhooks.realtime.sse.max-connections-per-client");
		}
		assertThat(this.hub.connectionCount()).isEqualTo(2);

		// the same address, but an authenticated user counts as a client of its own
		open("Authorization", ALICE);
		open("Authorization", ALICE);
		try (Response refused = SseTestClient.refusal(url("/realtime/events?channel=invoices"), "Authorization",
				ALICE)) {
			assertThat(refused.code()).isEqualTo(429);
		}
		assertThat(this.hub.connectionCount()).isEqualTo(4);
	}

	@Test
	void aClosedConnectionGivesItsClientsSlotBack() throws IOException {
		open();
		SseTestClient second = open();
		second.close();
		// the next write to the closed connection fails and frees its slot
		broadcastUntil(() -> this.hub.connectionCount() == 1);

		open();
		assertThat(this.hub.connectionCount()).isEqualTo(2);
	}

	@Test
	void aFailedWriteFreesTheSlotWithoutWaitingForAHeartbeat() throws IOException {
		SseTestClient client = open();
		assertThat(this.hub.connectionCount()).isEqualTo(1);

		client.close();
		broadcastUntil(() -> this.hub.connectionCount() == 0);

		// both counts are free: the client may open its full share again
		open();
		open();
		assertThat(this.hub.connectionCount()).isEqualTo(2);
	}

	/**
	 * Pushes an event to every subscriber until the condition holds: a container may accept a write or two into
	 * the socket buffer before it sees the peer gone.
	 */
	private void broadcastUntil(Callable<Boolean> condition) {
		Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
			this.hub.accept(new RealtimeEvent("invoice.updated", List.of("invoices"), "Invoice", "1", "{}", null));
			return condition.call();
		});
	}

	private SseTestClient open(String... headers) throws IOException {
		SseTestClient client = SseTestClient.subscribeWith(url("/realtime/events?channel=invoices"), headers);
		this.clients.add(client);
		return client;
	}

	private String url(String path) {
		return "http://localhost:" + ((WebServerApplicationContext) this.application).getWebServer().getPort() + path;
	}

}
