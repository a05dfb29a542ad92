package dev.webhooks.spring.receive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.webhooks.integration.receiver.ReceiverTestApplication;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver endpoint over real HTTP, with Spring Security on the classpath: what a sender sees.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookReceiverControllerTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final HttpClient http = HttpClient.newHttpClient();

	private ConfigurableApplicationContext receiver;

	private URI endpoint;

	@BeforeAll
	void start() {
		this.receiver = new SpringApplicationBuilder(ReceiverTestApplication.class)
			.properties("server.port=0", "spring.datasource.url=jdbc:h2:mem:controller-" + UUID.randomUUID(),
					"spring.jpa.hibernate.ddl-auto=create-drop", "webhooks.app-id=receiver",
					"webhooks.servers.sender.secret=" + SECRET, "webhooks.receiver.max-body-size=2KB",
					"webhooks.idempotency.mode=required")
			.run();
		int port = ((WebServerApplicationContext) this.receiver).getWebServer().getPort();
		this.endpoint = URI.create("http://localhost:" + port + "/webhooks/receive");
	}

	@AfterAll
	void stop() {
		this.receiver.close();
	}

	@Test
	void answersASignedMessageWith204EvenWhereIdempotencyKeysAreRequired() throws Exception {
		HttpResponse<String> response = send(signed("msg_ok_" + UUID.randomUUID(), message("tags", "{}")));
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void refusesAnUnsignedMessageWithAProblem() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(this.endpoint)
			.header("webhook-source", "sender")
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(message("tags", "{}"))));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"title\":\"Unauthenticated webhook\"")
			.contains("missing or empty header(s): webhook-id, webhook-timestamp, webhook-signature")
			.contains("\"status\":401");
	}

	@Test
	void namesTheTopicThatHasNoHandler() throws Exception {
		HttpResponse<String> response = send(signed("msg_nohandler", message("invoices", "{}")));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("No @WebhookHandler takes topic 'invoices' and event 'created'");
	}

	@Test
	void refusesABodyOverTheLimit() throws Exception {
		HttpResponse<String> response = send(signed("msg_big", message("tags", "\"" + "x".repeat(4096) + "\"")));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("webhooks.receiver.max-body-size");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder signed(String id, String body) {
		long timestamp = Instant.now().getEpochSecond();
		String signature = new WebhookSigner().sign(id, timestamp, body.getBytes(StandardCharsets.UTF_8),
				List.of(WebhookSecret.parse(SECRET)));
		return HttpRequest.newBuilder(this.endpoint)
			.header("webhook-source", "sender")
			.header("webhook-id", id)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", signature)
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private static String message(String topic, String data) {
		return "{\"type\":\"" + topic + ".created\",\"timestamp\":\"" + Instant.now() + "\",\"source\":\"sender\","
				+ "\"topic\":\"" + topic + "\",\"event\":\"created\",\"data\":" + data + "}";
	}

}
