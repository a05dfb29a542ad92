package dev.webhooks.dispatch.okhttp;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.dispatch.TransportResponse;
import dev.webhooks.dispatch.WebhookRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OkHttpWebhookTransportTests {

	private final OkHttpWebhookTransport transport = new OkHttpWebhookTransport(
			OkHttpTransportSettings.defaults().withReadTimeout(Duration.ofMillis(300)).withAllowPrivateAddresses(true));

	private MockWebServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.transport.close();
		this.server.close();
	}

	@Test
	void sendsTheMethodHeadersAndBodyAsGiven() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(202).body("accepted").build());
		byte[] body = "{\"a\": 1}".getBytes(StandardCharsets.UTF_8);

		TransportResponse response = this.transport.send(new WebhookRequest("PUT", this.server.url("/in").toString(),
				Map.of("webhook-id", "msg_1", "content-type", "application/json", "x-custom", "yes"), body,
				"application/json"));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.bodyExcerpt()).isEqualTo("accepted");
		assertThat(response.retryAfter()).isNull();
		RecordedRequest request = this.server.takeRequest(1, TimeUnit.SECONDS);
		assertThat(request.getMethod()).isEqualTo("PUT");
		assertThat(request.getBody().toByteArray()).isEqualTo(body);
		assertThat(request.getHeaders().values("content-type")).containsExactly("application/json");
		assertThat(request.getHeaders().get("webhook-id")).isEqualTo("msg_1");
		assertThat(request.getHeaders().get("x-custom")).isEqualTo("yes");
	}

	@Test
	void keepsOnlyTheStartOfALargeResponseBody() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(500).body("x".repeat(1_000_000)).build());

		TransportResponse response = this.transport.send(post("/in"));

		assertThat(response.bodyExcerpt()).hasSize(DeliveryAttempt.MAX_RESPONSE_EXCERPT);
	}

	@Test
	void readsRetryAfterInSeconds() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "30").build());

		assertThat(this.transport.send(post("/in")).retryAfter()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void readsRetryAfterAsAnHttpDate() {
		Instant now = Instant.parse("2015-10-21T07:27:00Z");
		assertThat(OkHttpWebhookTransport.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now))
			.isEqualTo(Duration.ofMinutes(1));
		assertThat(OkHttpWebhookTransport.parseRetryAfter("Wed, 21 Oct 2015 07:20:00 GMT", now))
			.isEqualTo(Duration.ZERO);
		assertThat(OkHttpWebhookTransport.parseRetryAfter("soon", now)).isNull();
		assertThat(OkHttpWebhookTransport.parseRetryAfter("-5", now)).isNull();
		assertThat(OkHttpWebhookTransport.parseRetryAfter(null, now)).isNull();
	}

	@Test
	void doesNotFollowRedirects() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/elsewhere").build());

		assertThat(this.transport.send(post("/in")).statusCode()).isEqualTo(302);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void timesOutOnASlowResponse() {
		this.server.enqueue(new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).build());

		assertThatExceptionOfType(InterruptedIOException.class).isThrownBy(() -> this.transport.send(post("/in")));
	}

	@Test
	void reportsARefusedConnection() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			port = socket.getLocalPort();
		}
		WebhookRequest request = new WebhookRequest("POST", "http://127.0.0.1:" + port + "/in", Map.of(),
				new byte[0], "application/json");

		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> this.transport.send(request));
	}

	@Test
	void rejectsAnInvalidUrlWithoutEchoingIt() {
		WebhookRequest request = new WebhookRequest("POST", "ftp://example.com/in?token=s3cr3t", Map.of(),
				new byte[0], "application/json");

		assertThatExceptionOfType(MalformedURLException.class).isThrownBy(() -> this.transport.send(request))
			.withMessageNotContaining("s3cr3t");
	}

	@Test
	void reusesConnectionsAndClosesThemOnClose() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		this.server.enqueue(new MockResponse.Builder().code(200).build());

		this.transport.send(post("/in"));
		this.transport.send(post("/in"));

		assertThat(this.server.takeRequest(1, TimeUnit.SECONDS).getConnectionIndex()).isZero();
		assertThat(this.server.takeRequest(1, TimeUnit.SECONDS).getConnectionIndex()).isZero();
		assertThat(this.transport.client().connectionPool().connectionCount()).isEqualTo(1);
		this.transport.close();
		assertThat(this.transport.client().connectionPool().connectionCount()).isZero();
		assertThat(this.transport.client().dispatcher().executorService().isShutdown()).isTrue();
	}

	@Test
	void leavesAClientItDoesNotOwnOpen() throws Exception {
		OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
		OkHttpWebhookTransport borrowing = new OkHttpWebhookTransport(client, 2);
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		borrowing.send(post("/in"));

		borrowing.close();

		assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
		assertThat(client.dispatcher().executorService().isShutdown()).isFalse();
		assertThat(borrowing.maxCallDuration()).contains(Duration.ofSeconds(15));
		client.connectionPool().evictAll();
	}

	@Test
	void boundsACallByTheCallTimeoutForEachConnectTry() {
		assertThat(this.transport.maxCallDuration()).contains(Duration.ofSeconds(60));
	}

	private WebhookRequest post(String path) {
		return new WebhookRequest("POST", this.server.url(path).toString(), Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), "application/json");
	}

}
