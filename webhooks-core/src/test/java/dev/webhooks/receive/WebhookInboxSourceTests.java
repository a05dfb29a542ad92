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

import dev.webhooks.message.InboundContext;
import dev.webhooks.message.WebhookMessage;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.receive.WebhookInboxTests.RememberingReceivedMessages;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class WebhookInboxSourceTests {

	private static final WebhookSecret SOURCE_SECRET = WebhookSecret.parse("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD");

	private static final WebhookSecret SERVER_SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

	private final Instant now = Instant.parse("2026-12-05T10:00:00Z");

	private final Handlers handlers = new Handlers();

	private final RememberingReceivedMessages received = new RememberingReceivedMessages();

	private final WebhookHandlerRegistry registry = new WebhookHandlerRegistry();

	private WebhookInbox inbox;

	@BeforeEach
	void setUp() throws Exception {
		this.registry.register(this.handlers, Handlers.class.getDeclaredMethod("invoicePaid", Map.class,
				WebhookMessage.class));
		this.registry.register(this.handlers, Handlers.class.getDeclaredMethod("shipped", WebhookMessage.class));
		this.registry.register(this.handlers, Handlers.class.getDeclaredMethod("serverInvoicePaid",
				WebhookMessage.class));
		PeerServers peers = new PeerServers("warehouse",
				List.of(new PeerServers.Peer("shop", null, List.of(SERVER_SECRET))));
		List<InboundSource> sources = List.of(new InboundSource("stripe-like", List.of(SOURCE_SECRET), "type"),
				new InboundSource("nested", List.of(SOURCE_SECRET), "/event/type"));
		this.inbox = new WebhookInbox(peers, sources,
				new SignatureVerifier(Duration.ofMinutes(5), Clock.fixed(this.now, ZoneOffset.UTC)),
				JsonMapper.builder().build(), this.registry, this.received);
	}

	@Test
	void handsAVerifiedMessageToTheSourcesHandlerOfItsType() {
		String body = "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"in_1\"}}";
		ReceiveResult result = receive("stripe-like", signed("msg_1", this.now, body));
		assertThat(result.status()).isEqualTo(204);
		assertThat(this.handlers.bodies).singleElement()
			.satisfies((data) -> assertThat(data).containsEntry("type", "invoice.paid"));
		WebhookMessage message = this.handlers.messages.get(0);
		assertThat(message.id()).isEqualTo("msg_1");
		assertThat(message.source()).isEqualTo("stripe-like");
		assertThat(message.type()).isEqualTo("invoice.paid");
		assertThat(message.topic()).isEqualTo("invoice.paid");
		assertThat(message.event()).isEqualTo("invoice.paid");
		assertThat(message.timestamp()).isEqualTo(this.now);
		assertThat(message.entityType()).isNull();
		assertThat(message.data().get("data").get("id").asString()).isEqualTo("in_1");
		assertThat(this.handlers.inboundContexts).containsExactly("none");
	}

	@Test
	void findsANestedTypeByJsonPointer() {
		String body = "{\"event\":{\"type\":\"order.shipped\"}}";
		assertThat(receive("nested", signed("msg_1", this.now, body)).status()).isEqualTo(204);
		assertThat(this.handlers.messages).extracting(WebhookMessage::type).containsExactly("order.shipped");
	}

	@Test
	void answers404ForASourceThatIsNotConfigured() {
		ReceiveResult result = receive("intruder", signed("msg_1", this.now, "{\"type\":\"invoice.paid\"}"));
		assertThat(result.status()).isEqualTo(404);
		assertThat(result.detail())
			.isEqualTo("No inbound source 'intruder' is configured under webhooks.receiver.sources");
	}

	@Test
	void refusesUnsignedTamperedStaleAndForeignRequestsWith401() {
		String body = "{\"type\":\"invoice.paid\"}";
		Map<String, String> unsigned = signed("msg_1", this.now, body);
		unsigned.remove("webhook-signature");
		assertThat(receive("stripe-like", unsigned).status()).isEqualTo(401);
		Map<String, String> tampered = signed("msg_1", this.now, body);
		tampered.put("body", "{\"type\":\"invoice.paid\",\"x\":1}");
		assertThat(receive("stripe-like", tampered).status()).isEqualTo(401);
		Map<String, String> stale = signed("msg_1", this.now.minus(Duration.ofMinutes(6)), body);
		assertThat(receive("stripe-like", stale).detail()).isEqualTo(
				"webhook-timestamp is 360s old, more than the tolerance of 300s");
		// a server's secret does not open a source
		Map<String, String> serverSigned = signedWith(SERVER_SECRET, "msg_1", this.now, body);
		assertThat(receive("stripe-like", serverSigned).status()).isEqualTo(401);
		assertThat(this.handlers.messages).isEmpty();
	}

	@Test
	void answers400ForABodyWithoutAStringType() {
		assertThat(receive("stripe-like", signed("msg_1", this.now, "[1,2]")).detail()).isEqualTo(
				"The body from source 'stripe-like' is not a JSON object with a field 'type' holding the event type");
		assertThat(receive("stripe-like", signed("msg_1", this.now, "{\"type\":7}")).status()).isEqualTo(400);
		assertThat(receive("nested", signed("msg_1", this.now, "{\"type\":\"order.shipped\"}")).detail())
			.isEqualTo("The body from source 'nested' is not a JSON object with the JSON Pointer /event/type holding "
					+ "the event type");
		assertThat(receive("stripe-like", signed("msg_1", this.now, "")).status()).isEqualTo(400);
		assertThat(receive("stripe-like", signed("msg_1", this.now, "{oops")).detail())
			.startsWith("The body from source 'stripe-like' is not JSON");
	}

	@Test
	void answers404WhenNoHandlerOfTheSourceTakesTheType() {
		// a server's handler of the same type does not take a source's messages
		ReceiveResult result = receive("nested", signed("msg_1", this.now, "{\"event\":{\"type\":\"invoice.paid\"}}"));
		assertThat(result.status()).isEqualTo(404);
		assertThat(result.detail()).isEqualTo("No @WebhookHandler takes type 'invoice.paid' from source 'nested'");
	}

	@Test
	void deduplicatesPerSourceApartFromTheServersMessages() {
		Map<String, String> request = signed("msg_1", this.now, "{\"type\":\"invoice.paid\"}");
		assertThat(receive("stripe-like", request).status()).isEqualTo(204);
		assertThat(receive("stripe-like", request).status()).isEqualTo(200);
		assertThat(this.handlers.bodies).hasSize(1);
		assertThat(this.received.handled).containsExactly("source:stripe-like/msg_1");
	}

	@Test
	void theServersMessagesStillNeedTheirHeaderAndReachOnlyTheServersHandlers() {
		String body = "{\"type\":\"invoice.paid\",\"timestamp\":\"2026-12-05T10:00:00Z\",\"data\":{}}";
		Map<String, String> request = signedWith(SERVER_SECRET, "msg_1", this.now, body);
		assertThat(this.inbox.receive(request::get, bytes(request)).status()).isEqualTo(401);
		request.put(WebhookInbox.SOURCE_HEADER, "shop");
		assertThat(this.inbox.receive(request::get, bytes(request)).status()).isEqualTo(204);
		assertThat(this.handlers.messages).extracting(WebhookMessage::source).containsExactly("shop");
		assertThat(this.handlers.inboundContexts).containsExactly("shop");
		assertThat(this.handlers.bodies).isEmpty();
	}

	@Test
	void checksThatEveryHandlersSourceIsConfigured() throws Exception {
		this.inbox.checkHandlerSources();
		this.registry.register(new Unconfigured(), Unconfigured.class.getDeclaredMethod("paid"));
		assertThatIllegalStateException().isThrownBy(this.inbox::checkHandlerSources)
			.withMessage("@WebhookHandler(source = \"stripe\") on " + Unconfigured.class.getName() + ".paid() names a "
					+ "source that is not configured; configure webhooks.receiver.sources.stripe.secret, or use one of "
					+ "the configured sources [stripe-like, nested]");
	}

	@Test
	void refusesTwoSourcesOfOneName() {
		InboundSource source = new InboundSource("stripe-like", List.of(SOURCE_SECRET), "type");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WebhookInbox(new PeerServers("warehouse", List.of()), List.of(source, source),
					new SignatureVerifier(), JsonMapper.builder().build(), this.registry, ReceivedMessages.NONE))
			.withMessage("two inbound sources are named 'stripe-like'");
	}

	private ReceiveResult receive(String source, Map<String, String> request) {
		return this.inbox.receive(source, request::get, bytes(request));
	}

	private static byte[] bytes(Map<String, String> request) {
		return request.get("body").getBytes(StandardCharsets.UTF_8);
	}

	private Map<String, String> signed(String id, Instant at, String body) {
		return signedWith(SOURCE_SECRET, id, at, body);
	}

	private static Map<String, String> signedWith(WebhookSecret secret, String id, Instant at, String body) {
		Map<String, String> request = new HashMap<>();
		request.put("webhook-id", id);
		request.put("webhook-timestamp", Long.toString(at.getEpochSecond()));
		request.put("webhook-signature", new WebhookSigner().sign(id, at.getEpochSecond(),
				body.getBytes(StandardCharsets.UTF_8), List.of(secret)));
		request.put("body", body);
		return request;
	}

	static class Handlers {

		final List<Map<String, Object>> bodies = new ArrayList<>();

		final List<WebhookMessage> messages = new ArrayList<>();

		final List<String> inboundContexts = new ArrayList<>();

		@WebhookHandler(source = "stripe-like", value = "invoice.paid")
		void invoicePaid(Map<String, Object> body, WebhookMessage message) {
			this.bodies.add(body);
			record(message);
		}

		@WebhookHandler(source = "nested", value = "order.shipped")
		void shipped(WebhookMessage message) {
			record(message);
		}

		@WebhookHandler("invoice.paid")
		void serverInvoicePaid(WebhookMessage message) {
			record(message);
		}

		private void record(WebhookMessage message) {
			this.messages.add(message);
			String current = InboundContext.currentSource();
			this.inboundContexts.add((current != null) ? current : "none");
		}

	}

	static class Unconfigured {

		@WebhookHandler(source = "stripe", value = "invoice.paid")
		void paid() {
		}

	}

}
