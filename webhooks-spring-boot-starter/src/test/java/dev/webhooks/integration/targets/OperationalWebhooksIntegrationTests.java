package dev.webhooks.integration.targets;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.TargetLaneState;
import dev.webhooks.events.OperationalEvent;
import dev.webhooks.events.TargetDisabled;
import dev.webhooks.integration.operations.OperationsTestApplication;
import dev.webhooks.publish.OutgoingMessage;
import dev.webhooks.publish.WebhookPublisher;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.testing.TestDatabase;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A target answering 410 in a running application: it is disabled, an application listener hears
 * {@code TargetDisabled}, and the operational webhook {@code endpoint.disabled} reaches the configured server, signed
 * with its secret. The Standard Webhooks Java library is not served to this build, so the signature is checked with
 * the project's own {@link SignatureVerifier}, which implements the same specification.
 */
class OperationalWebhooksIntegrationTests {

	private static final String ERP_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String OPS_SECRET = WebhookSecret.generate();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<OperationalEvent> events = new CopyOnWriteArrayList<>();

	private final Queue<RecordedRequest> opsRequests = new ConcurrentLinkedQueue<>();

	private TestDatabase database;

	private MockWebServer erp;

	private MockWebServer ops;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() throws Exception {
		this.database = TestDatabase.create(TestDatabase.Kind.H2);
		this.erp = server((request) -> new MockResponse.Builder().code(410).build());
		this.ops = server((request) -> {
			this.opsRequests.add(request);
			return new MockResponse.Builder().code(204).build();
		});
		List<String> properties = new ArrayList<>(List.of("webhooks.app-id=shop",
				"webhooks.servers.erp.url=" + this.erp.url("/hooks"), "webhooks.servers.erp.secret=" + ERP_SECRET,
				"webhooks.servers.ops.url=" + this.ops.url("/ops"), "webhooks.servers.ops.secret=" + OPS_SECRET,
				"webhooks.dispatch.operational-webhook-server=ops", "webhooks.dispatch.poll-interval=50ms",
				"webhooks.http.allow-private-addresses=true", "spring.jpa.hibernate.ddl-auto=none",
				"spring.main.banner-mode=off"));
		this.context = new SpringApplicationBuilder(OperationsTestApplication.class).web(WebApplicationType.NONE)
			.properties(this.database.springProperties())
			.properties(properties.toArray(String[]::new))
			.listeners((ApplicationListener<PayloadApplicationEvent<?>>) (event) -> {
				if (event.getPayload() instanceof OperationalEvent operational) {
					this.events.add(operational);
				}
			})
			.run();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.context != null) {
			this.context.close();
		}
		this.erp.close();
		this.ops.close();
		this.database.close();
	}

	@Test
	void goneDisablesTheTargetRaisesTheEventAndSendsASignedOperationalWebhook() throws Exception {
		this.context.getBean(WebhookPublisher.class)
			.publish(OutgoingMessage.of("order.created", Map.of("order", 1)).servers("erp"));

		await().atMost(Duration.ofSeconds(20)).until(() -> !this.opsRequests.isEmpty());
		RecordedRequest request = this.opsRequests.peek();
		byte[] body = request.getBody().toByteArray();
		new SignatureVerifier().verify(request.getHeaders().get("webhook-id"),
				request.getHeaders().get("webhook-timestamp"), request.getHeaders().get("webhook-signature"), body,
				List.of(WebhookSecret.parse(OPS_SECRET)));
		JsonNode message = JSON.readTree(body);
		assertThat(message.get("type").asString()).isEqualTo("endpoint.disabled");
		assertThat(message.get("data").get("endpointId").asString()).isEqualTo("erp");
		assertThat(message.get("data").get("trigger").asString()).isEqualTo("automatic");
		assertThat(message.get("data").get("reason").asString()).isEqualTo("gone");

		assertThat(this.events).filteredOn(TargetDisabled.class::isInstance)
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.target()).isEqualTo(Target.server("erp"));
				assertThat(((TargetDisabled) event).reason()).isEqualTo(TargetDisabled.Reason.GONE);
			});
		assertThat(this.context.getBean(DeliveryDispatcher.class).targetLanes()).extracting(TargetLaneState::target)
			.contains(Target.server("erp"));
	}

	private static MockWebServer server(java.util.function.Function<RecordedRequest, MockResponse> answer)
			throws Exception {
		MockWebServer server = new MockWebServer();
		server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return answer.apply(request);
			}

		});
		server.start(InetAddress.getByName("127.0.0.1"), 0);
		return server;
	}

}
