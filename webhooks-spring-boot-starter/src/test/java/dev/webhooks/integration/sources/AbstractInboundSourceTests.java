package dev.webhooks.integration.sources;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.standardwebhooks.Webhook;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.integration.sources.SourceHandlers.Invoice;
import dev.webhooks.message.WebhookMessage;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Third-party senders received at {@code /webhooks/receive/<source>} over real HTTP, through Spring MVC and Spring
 * Security: requests signed by the official Standard Webhooks library, with no {@code webhook-source} header, and
 * deduplicated in the store each subclass names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractInboundSourceTests {

	private static final String SOURCE_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

	private static final String ROTATED_OUT_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String OTHER_SOURCE_SECRET = "whsec_ZGlmZmVyZW50LWtleS1mb3ItYmlsbGluZy1zYWFz";

	private static final String SERVER_SECRET = "whsec_c2VydmVyLXNlY3JldC1vZi10aGUtc2hvcC1hcHA=";

	private final HttpClient http = HttpClient.newHttpClient();

	private ConfigurableApplicationContext receiver;

	private SourceHandlers handlers;

	private String base;

	/** Properties that choose the idempotency store (and its database or server). */
	protected abstract String[] storeProperties();

	protected abstract Class<? extends IdempotencyStore> expectedStore();

	protected void prepare() {
	}

	protected void cleanUp() {
	}

	@BeforeAll
	void startReceiver() {
		prepare();
		this.receiver = new SpringApplicationBuilder(SourcesTestApplication.class).web(WebApplicationType.SERVLET)
			.properties(storeProperties())
			.properties("server.port=0", "webhooks.app-id=receiver", "webhooks.servers.shop.secret=" + SERVER_SECRET,
					"webhooks.receiver.sources.stripe-like.secret=" + SOURCE_SECRET,
					"webhooks.receiver.sources.stripe-like.previous-secrets[0]=" + ROTATED_OUT_SECRET,
					"webhooks.receiver.sources.billing-saas.secret=" + OTHER_SOURCE_SECRET,
					"webhooks.receiver.sources.nested.secret=" + OTHER_SOURCE_SECRET,
					"webhooks.receiver.sources.nested.type-field=/event/type", "webhooks.dispatch.enabled=false",
					// messages carry their own idempotency: no Idempotency-Key is asked of a sender
					"webhooks.idempotency.mode=required")
			.run();
		int port = ((WebServerApplicationContext) this.receiver).getWebServer().getPort();
		this.base = "http://localhost:" + port + "/webhooks/receive";
		this.handlers = this.receiver.getBean(SourceHandlers.class);
	}

	@AfterAll
	void stopReceiver() {
		if (this.receiver != null) {
			this.receiver.close();
		}
		cleanUp();
	}

	@BeforeEach
	void clearHandlers() {
		this.handlers.clear();
	}

	@Test
	void messagesAreRememberedInTheChosenStore() {
		assertThat(this.receiver.getBean(IdempotencyStore.class)).isInstanceOf(expectedStore());
	}

	@Test
	void aWebhookSignedByTheOfficialLibraryReachesItsHandlerWithoutAWebhookSourceHeader() throws Exception {
		String id = newId();
		String body = invoicePaid("in_1", 4200);
		HttpResponse<String> response = send(officiallySigned("stripe-like", id, now(), body, SOURCE_SECRET));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
		assertThat(this.handlers.invoices()).singleElement().satisfies((invoice) -> {
			assertThat(invoice.type()).isEqualTo("invoice.paid");
			assertThat(invoice.data()).isEqualTo(new Invoice("in_1", 4200, "eur"));
		});
		WebhookMessage message = this.handlers.messages().get(0);
		assertThat(message.id()).isEqualTo(id);
		assertThat(message.source()).isEqualTo("stripe-like");
		assertThat(message.type()).isEqualTo("invoice.paid");
		assertThat(message.topic()).isEqualTo("invoice.paid");
		assertThat(message.data().get("data").get("id").asString()).isEqualTo("in_1");
		// a third-party sender is not a server: nothing the handling produces is held back from any server
		assertThat(this.handlers.inboundContexts()).containsExactly("none");
	}

	@Test
	void aSecretTheSenderIsRotatingOutIsStillAccepted() throws Exception {
		HttpResponse<String> response = send(
				officiallySigned("stripe-like", newId(), now(), invoicePaid("in_2", 1), ROTATED_OUT_SECRET));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
		assertThat(this.handlers.invoices()).hasSize(1);
	}

	@Test
	void aTamperedBodyIsRefusedWith401() throws Exception {
		String id = newId();
		long timestamp = now();
		String signature = new Webhook(SOURCE_SECRET).sign(id, timestamp, invoicePaid("in_3", 100));
		HttpResponse<String> response = send(request("stripe-like", id, timestamp, signature, invoicePaid("in_3", 999)));
		assertProblem(response, 401, "Unauthenticated webhook",
				"no v1 signature in webhook-signature matches the configured secrets");
		assertThat(this.handlers.messages()).isEmpty();
	}

	@Test
	void aSignatureMadeWithAnotherSecretIsRefusedWith401() throws Exception {
		// the secret of another source: valid for that one, not for this one
		HttpResponse<String> response = send(
				officiallySigned("stripe-like", newId(), now(), invoicePaid("in_4", 1), OTHER_SOURCE_SECRET));
		assertProblem(response, 401, "Unauthenticated webhook", "matches the configured secrets");
		assertThat(this.handlers.messages()).isEmpty();
	}

	@Test
	void aStaleOrFutureTimestampIsRefusedWith401LikeTheServersMessages() throws Exception {
		HttpResponse<String> stale = send(
				officiallySigned("stripe-like", newId(), now() - 600, invoicePaid("in_5", 1), SOURCE_SECRET));
		// 600s, or 601s when the second turns between signing and checking
		assertProblem(stale, 401, "Unauthenticated webhook", "s old, more than the tolerance of 300s");
		HttpResponse<String> future = send(
				officiallySigned("stripe-like", newId(), now() + 600, invoicePaid("in_5", 1), SOURCE_SECRET));
		assertProblem(future, 401, "Unauthenticated webhook", "in the future");
		assertThat(this.handlers.messages()).isEmpty();
	}

	@Test
	void missingHeadersAreRefusedWith401() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.base + "/stripe-like"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(invoicePaid("in_6", 1))));
		assertProblem(response, 401, "Unauthenticated webhook",
				"missing or empty header(s): webhook-id, webhook-timestamp, webhook-signature");
	}

	@Test
	void aRedeliveredWebhookIdRunsTheHandlerOncePerSource() throws Exception {
		String id = newId();
		String body = invoicePaid("in_7", 700);
		assertThat(send(officiallySigned("stripe-like", id, now(), body, SOURCE_SECRET)).statusCode()).isEqualTo(204);
		// the sender's retry: same id, signed again a moment later
		HttpResponse<String> redelivery = send(officiallySigned("stripe-like", id, now() + 1, body, SOURCE_SECRET));
		assertThat(redelivery.statusCode()).isEqualTo(200);
		assertThat(this.handlers.invoices()).hasSize(1);
		// ids are the sender's own: another source may use the same one, and so may a server
		assertThat(send(officiallySigned("billing-saas", id, now(), body, OTHER_SOURCE_SECRET)).statusCode())
			.isEqualTo(204);
		assertThat(send(serverSigned(id, serverMessage("invoice.paid"))).statusCode()).isEqualTo(204);
		assertThat(this.handlers.messages()).extracting(WebhookMessage::source)
			.containsExactly("stripe-like", "billing-saas", "shop");
	}

	@Test
	void theSameTypeFromTwoSourcesGoesToEachSourcesHandler() throws Exception {
		String body = invoicePaid("in_8", 1);
		assertThat(send(officiallySigned("billing-saas", newId(), now(), body, OTHER_SOURCE_SECRET)).statusCode())
			.isEqualTo(204);
		assertThat(this.handlers.invoices()).isEmpty();
		assertThat(this.handlers.messages()).singleElement()
			.extracting(WebhookMessage::source)
			.isEqualTo("billing-saas");
	}

	@Test
	void aTypeNestedInTheBodyIsFoundByTheSourcesJsonPointer() throws Exception {
		String body = "{\"event\":{\"type\":\"order.shipped\",\"at\":\"2026-12-05T12:00:00Z\"},\"order\":{\"id\":9}}";
		HttpResponse<String> response = send(officiallySigned("nested", newId(), now(), body, OTHER_SOURCE_SECRET));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
		assertThat(this.handlers.messages()).singleElement().satisfies((message) -> {
			assertThat(message.type()).isEqualTo("order.shipped");
			assertThat(message.data().get("order").get("id").asInt()).isEqualTo(9);
		});
	}

	@Test
	void anUnknownSourceIsRefusedWith404() throws Exception {
		HttpResponse<String> response = send(
				officiallySigned("unknown-saas", newId(), now(), invoicePaid("in_9", 1), SOURCE_SECRET));
		assertProblem(response, 404, "Unknown webhook source",
				"No inbound source 'unknown-saas' is configured under webhooks.receiver.sources");
	}

	@Test
	void aTypeWithoutHandlerIsRefusedWith404LikeAnUnhandledTopic() throws Exception {
		String body = "{\"type\":\"invoice.voided\",\"timestamp\":\"2026-12-05T12:00:00Z\",\"data\":{}}";
		HttpResponse<String> response = send(officiallySigned("stripe-like", newId(), now(), body, SOURCE_SECRET));
		assertProblem(response, 404, "No webhook handler",
				"No @WebhookHandler takes type 'invoice.voided' from source 'stripe-like'");
	}

	@Test
	void aBodyWithoutTypeOrNotJsonIsRefusedWith400() throws Exception {
		HttpResponse<String> noType = send(
				officiallySigned("stripe-like", newId(), now(), "{\"data\":{}}", SOURCE_SECRET));
		assertProblem(noType, 400, "Invalid webhook message",
				"The body from source 'stripe-like' is not a JSON object with a field 'type' holding the event type");
		HttpResponse<String> notJson = send(officiallySigned("stripe-like", newId(), now(), "type=x", SOURCE_SECRET));
		assertProblem(notJson, 400, "Invalid webhook message", "The body from source 'stripe-like' is not JSON");
	}

	@Test
	void theServersPathIsUnchanged() throws Exception {
		// without webhook-source, the base path is still closed to anyone but the configured servers
		HttpResponse<String> anonymous = send(
				officiallySigned(null, newId(), now(), invoicePaid("in_10", 1), SOURCE_SECRET));
		assertProblem(anonymous, 401, "Unauthenticated webhook", "Missing webhook-source header");
		HttpResponse<String> server = send(serverSigned(newId(), serverMessage("invoice.paid")));
		assertThat(server.statusCode()).as(server.body()).isEqualTo(204);
		assertThat(this.handlers.messages()).singleElement()
			.extracting(WebhookMessage::source)
			.isEqualTo("shop");
		assertThat(this.handlers.inboundContexts()).containsExactly("shop");
	}

	private HttpRequest.Builder officiallySigned(String source, String id, long timestamp, String body,
			String secret) throws Exception {
		return request(source, id, timestamp, new Webhook(secret).sign(id, timestamp, body), body);
	}

	private HttpRequest.Builder request(String source, String id, long timestamp, String signature, String body) {
		URI uri = URI.create((source != null) ? this.base + "/" + source : this.base);
		return HttpRequest.newBuilder(uri)
			.header("webhook-id", id)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", signature)
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
	}

	private HttpRequest.Builder serverSigned(String id, String body) {
		long timestamp = now();
		String signature = new WebhookSigner().sign(id, timestamp, body.getBytes(StandardCharsets.UTF_8),
				List.of(WebhookSecret.parse(SERVER_SECRET)));
		return request(null, id, timestamp, signature, body).header("webhook-source", "shop");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertProblem(HttpResponse<String> response, int status, String title, String detail) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"title\":\"" + title + "\"").contains(detail);
	}

	private static String invoicePaid(String id, long amount) {
		return "{\"type\":\"invoice.paid\",\"timestamp\":\"2026-12-05T12:00:00Z\",\"data\":{\"id\":\"" + id
				+ "\",\"amount\":" + amount + ",\"currency\":\"eur\"}}";
	}

	private static String serverMessage(String type) {
		return "{\"type\":\"" + type + "\",\"timestamp\":\"" + Instant.now() + "\",\"source\":\"shop\",\"data\":{}}";
	}

	private static String newId() {
		return "msg_" + UUID.randomUUID();
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

}
