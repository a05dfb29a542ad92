package dev.webhooks.receive;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.webhooks.message.InboundContext;
import dev.webhooks.message.WebhookMessage;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.observation.ReceiveContext;
import dev.webhooks.observation.WebhooksObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookInboxTests {

	private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

	private static final WebhookSecret OTHER_SECRET = WebhookSecret
		.parse("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));

	private final Instant now = Instant.parse("2026-11-21T10:00:00Z");

	private final Handlers handlers = new Handlers();

	private final RememberingReceivedMessages received = new RememberingReceivedMessages();

	private WebhookInbox inbox;

	@BeforeEach
	void setUp() throws Exception {
		WebhookHandlerRegistry registry = new WebhookHandlerRegistry();
		registry.register(this.handlers, Handlers.class.getDeclaredMethod("tag", TagData.class, WebhookMessage.class));
		registry.register(this.handlers, Handlers.class.getDeclaredMethod("failing", Map.class));
		PeerServers peers = new PeerServers("warehouse",
				List.of(new PeerServers.Peer("shop", null, List.of(SECRET))));
		this.inbox = new WebhookInbox(peers,
				new SignatureVerifier(Duration.ofMinutes(5), Clock.fixed(this.now, ZoneOffset.UTC)),
				JsonMapper.builder().build(), registry, this.received);
	}

	@Test
	void handsAVerifiedMessageToItsHandlerWithConvertedData() {
		ReceiveResult result = receive(signed("msg_1", this.now, body("tags", "created", "{\"id\":7,\"name\":\"red\"}")));
		assertThat(result.status()).isEqualTo(204);
		assertThat(this.handlers.tags).containsExactly(new TagData(7L, "red"));
		WebhookMessage message = this.handlers.messages.get(0);
		assertThat(message.id()).isEqualTo("msg_1");
		assertThat(message.source()).isEqualTo("shop");
		assertThat(message.type()).isEqualTo("tags.created");
		assertThat(message.topic()).isEqualTo("tags");
		assertThat(message.event()).isEqualTo("created");
		assertThat(message.entityId().asLong()).isEqualTo(7L);
		assertThat(this.handlers.sourceSeenByHandler).isEqualTo("shop");
		assertThat(InboundContext.currentSource()).isNull();
	}

	@Test
	void eachMessageIsObservedAndOutsideAnObservedServerItReadsTheTraceFromTheRequestHeaders() {
		List<Observation.Context> stopped = new ArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		this.inbox.setObservationRegistry(registry);
		Map<String, String> request = signed("msg_1", this.now, body("tags", "created", "{\"id\":7,\"name\":\"red\"}"));
		request.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

		assertThat(receive(request).status()).isEqualTo(204);
		assertThat(receive(signed("msg_2", this.now, body("failing", "failing", "{}"))).status()).isEqualTo(500);

		assertThat(stopped).hasSize(2);
		ReceiveContext.Remote handled = (ReceiveContext.Remote) stopped.get(0);
		assertThat(handled.getGetter().get(handled.getCarrier(), "traceparent"))
			.isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(handled.getContextualName()).isEqualTo("receive tags.created");
		assertThat(handled.getLowCardinalityKeyValue(WebhooksObservations.OUTCOME).getValue()).isEqualTo("handled");
		assertThat(handled.getLowCardinalityKeyValue(WebhooksObservations.SOURCE).getValue()).isEqualTo("shop");
		assertThat(handled.getHighCardinalityKeyValue(WebhooksObservations.WEBHOOK_ID).getValue()).isEqualTo("msg_1");
		assertThat(stopped.get(1).getLowCardinalityKeyValue(WebhooksObservations.OUTCOME).getValue())
			.isEqualTo("rejected");
		assertThat(stopped.get(1).getLowCardinalityKeyValue(WebhooksObservations.STATUS_CLASS).getValue())
			.isEqualTo("5xx");
	}

	@Test
	void insideAnObservedServerTheMessageIsAChildOfTheServersObservation() {
		List<Observation.Context> started = new ArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				started.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		this.inbox.setObservationRegistry(registry);
		Observation server = Observation.start("http.server.requests", registry);
		try (Observation.Scope scope = server.openScope()) {
			assertThat(receive(signed("msg_1", this.now, body("tags", "created", "{\"id\":7}"))).status())
				.isEqualTo(204);
		}
		server.stop();

		assertThat(started).hasSize(2);
		assertThat(started.get(1)).isExactlyInstanceOf(ReceiveContext.class);
		assertThat(started.get(1).getParentObservation()).isSameAs(server);
	}

	@Test
	void refusesRequestsWithoutSourceOrFromUnknownServers() {
		Map<String, String> headers = signed("msg_1", this.now, body("tags", "created", "{}"));
		headers.remove(WebhookInbox.SOURCE_HEADER);
		assertThat(receive(headers).status()).isEqualTo(401);
		headers.put(WebhookInbox.SOURCE_HEADER, "intruder");
		ReceiveResult unknown = receive(headers);
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(unknown.detail()).contains("intruder");
	}

	@Test
	void refusesUnsignedTamperedAndStaleRequests() {
		Map<String, String> unsigned = signed("msg_1", this.now, body("tags", "created", "{}"));
		unsigned.remove("webhook-signature");
		assertThat(receive(unsigned).status()).isEqualTo(401);

		Map<String, String> tampered = signed("msg_1", this.now, body("tags", "created", "{\"id\":1}"));
		tampered.put("body", body("tags", "created", "{\"id\":2}"));
		assertThat(receive(tampered).status()).isEqualTo(401);

		Map<String, String> stale = signed("msg_1", this.now.minus(Duration.ofMinutes(6)), body("tags", "created", "{}"));
		assertThat(receive(stale).status()).isEqualTo(401);

		Map<String, String> wrongSecret = signedWith(OTHER_SECRET, "msg_1", this.now, body("tags", "created", "{}"));
		assertThat(receive(wrongSecret).status()).isEqualTo(401);
		assertThat(this.handlers.tags).isEmpty();
	}

	@Test
	void answers400ForABodyThatIsNotAMessage() {
		ReceiveResult notJson = receive(signed("msg_1", this.now, "not json"));
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(notJson.detail()).startsWith("The body is not JSON");
		ReceiveResult noType = receive(signed("msg_1", this.now, "{\"data\":{}}"));
		assertThat(noType.status()).isEqualTo(400);
		assertThat(noType.detail()).isEqualTo("The message has no 'type' text field");
	}

	@Test
	void answers404WhenNoHandlerTakesTheTopic() {
		ReceiveResult result = receive(signed("msg_1", this.now, body("invoices", "created", "{}")));
		assertThat(result.status()).isEqualTo(404);
		assertThat(result.detail()).isEqualTo("No @WebhookHandler takes topic 'invoices' and event 'created'");
	}

	@Test
	void answers422WhenTheDataDoesNotFitTheHandler() {
		ReceiveResult result = receive(signed("msg_1", this.now, body("tags", "created", "{\"id\":\"not a number\"}")));
		assertThat(result.status()).isEqualTo(422);
		assertThat(result.detail()).contains("tags.created").contains("Handlers.tag()");
	}

	@Test
	void answers500WhenTheHandlerThrowsAndLetsTheMessageBeHandledAgain() {
		ReceiveResult result = receive(signed("msg_9", this.now, body("failing", "created", "{}")));
		assertThat(result.status()).isEqualTo(500);
		assertThat(result.detail()).contains("IllegalStateException").doesNotContain("boom");
		assertThat(this.received.released).containsExactly("shop/msg_9");
		assertThat(this.received.handled).isEmpty();
	}

	@Test
	void answersADuplicateWithoutHandlingItAgain() {
		Map<String, String> request = signed("msg_1", this.now, body("tags", "created", "{\"id\":7,\"name\":\"red\"}"));
		assertThat(receive(request).status()).isEqualTo(204);
		assertThat(receive(request).status()).isEqualTo(200);
		assertThat(this.handlers.tags).hasSize(1);
	}

	private ReceiveResult receive(Map<String, String> request) {
		Map<String, String> headers = new HashMap<>(request);
		byte[] body = headers.remove("body").getBytes(StandardCharsets.UTF_8);
		return this.inbox.receive(headers::get, body);
	}

	private static String body(String topic, String event, String data) {
		return "{\"type\":\"" + topic + "." + event + "\",\"timestamp\":\"2026-11-21T09:59:59Z\",\"source\":\"shop\","
				+ "\"topic\":\"" + topic + "\",\"event\":\"" + event + "\",\"entityType\":\"Tag\",\"entityId\":7,"
				+ "\"data\":" + data + "}";
	}

	private Map<String, String> signed(String id, Instant at, String body) {
		return signedWith(SECRET, id, at, body);
	}

	private Map<String, String> signedWith(WebhookSecret secret, String id, Instant at, String body) {
		Map<String, String> request = new HashMap<>();
		request.put(WebhookInbox.SOURCE_HEADER, "shop");
		request.put("webhook-id", id);
		request.put("webhook-timestamp", Long.toString(at.getEpochSecond()));
		request.put("webhook-signature", new WebhookSigner().sign(id, at.getEpochSecond(),
				body.getBytes(StandardCharsets.UTF_8), List.of(secret)));
		request.put("body", body);
		return request;
	}

	record TagData(Long id, String name) {
	}

	static class Handlers {

		final List<TagData> tags = new ArrayList<>();

		final List<WebhookMessage> messages = new ArrayList<>();

		String sourceSeenByHandler;

		@WebhookHandler("tags")
		void tag(TagData tag, WebhookMessage message) {
			this.tags.add(tag);
			this.messages.add(message);
			this.sourceSeenByHandler = InboundContext.currentSource();
		}

		@WebhookHandler("failing")
		void failing(Map<String, Object> data) {
			throw new IllegalStateException("boom");
		}

	}

	static class RememberingReceivedMessages implements ReceivedMessages {

		final Set<String> handled = ConcurrentHashMap.newKeySet();

		final List<String> released = new ArrayList<>();

		@Override
		public Claim claim(String source, String messageId) {
			String key = source + "/" + messageId;
			if (this.handled.contains(key)) {
				return () -> Status.ALREADY_HANDLED;
			}
			return new Claim() {

				@Override
				public Status status() {
					return Status.NEW;
				}

				@Override
				public void handled() {
					RememberingReceivedMessages.this.handled.add(key);
				}

				@Override
				public void release() {
					RememberingReceivedMessages.this.released.add(key);
				}

			};
		}

	}

}
