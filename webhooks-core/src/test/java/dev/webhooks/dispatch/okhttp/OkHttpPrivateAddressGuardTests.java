package dev.webhooks.dispatch.okhttp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.WebhookRequest;
import dev.webhooks.net.NetworkRange;
import dev.webhooks.net.PrivateAddressGuard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class OkHttpPrivateAddressGuardTests {

	private static final String PROPERTY = "webhooks.http.allow-private-addresses";

	private final OkHttpTransportSettings settings = OkHttpTransportSettings.defaults()
		.withConnectTimeout(Duration.ofSeconds(2))
		.withReadTimeout(Duration.ofSeconds(2));

	private MockWebServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void refusesAHostNameThatResolvesToLoopbackByDefault() throws IOException {
		String resolved = InetAddress.getAllByName("localhost")[0].getHostAddress();
		try (OkHttpWebhookTransport transport = new OkHttpWebhookTransport(this.settings)) {
			assertThatIOException().isThrownBy(() -> transport.send(post("localhost")))
				.withMessageContaining("localhost")
				.withMessageContaining(resolved)
				.withMessageContaining(PROPERTY);
		}
		assertThat(this.server.getRequestCount()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "[::ffff:127.0.0.1]", "2130706433", "127.1", "[::127.0.0.1]",
			"[64:ff9b::7f00:1]", "[2002:7f00:1::]", "[::ffff:0:127.0.0.1]" })
	void refusesALoopbackIpLiteralByDefault(String host) {
		try (OkHttpWebhookTransport transport = new OkHttpWebhookTransport(this.settings)) {
			assertThatIOException().isThrownBy(() -> transport.send(post(host)))
				.withMessageContaining("127.0.0.1")
				.withMessageContaining(PROPERTY);
		}
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void refusesAHostNameResolvingToANat64AddressOfTheMetadataService() throws IOException {
		InetAddress nat64 = InetAddress.getByName("64:ff9b::a9fe:a9fe");
		OkHttpPrivateAddressGuard guard = new OkHttpPrivateAddressGuard((hostname) -> List.of(nat64));

		assertThatIOException().isThrownBy(() -> guard.lookup("metadata.test"))
			.withMessageContaining("metadata.test")
			.withMessageContaining("carrying 169.254.169.254")
			.withMessageContaining(PROPERTY);
	}

	@Test
	void refusesARedirectToAPrivateIpLiteral() throws IOException {
		this.server.enqueue(new MockResponse.Builder().code(302)
			.addHeader("Location", "http://127.0.0.1:" + this.server.getPort() + "/internal")
			.build());
		this.server.enqueue(new MockResponse.Builder().code(200).body("internal").build());
		// the target's name stands for a public host; the server itself has to listen on loopback
		Dns publicLooking = (hostname) -> hostname.equals("public.test") ? List.of(this.server.getSocketAddress().getAddress())
				: Dns.SYSTEM.lookup(hostname);
		try (OkHttpWebhookTransport transport = OkHttpWebhookTransport.create(this.settings.withFollowRedirects(true),
				(builder) -> builder.dns(publicLooking))) {
			assertThatIOException().isThrownBy(() -> transport.send(post("public.test")))
				.withMessageContaining("127.0.0.1")
				.withMessageContaining(PROPERTY);
		}
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "127.0.0.1" })
	void reachesALocalTargetWhenPrivateAddressesAreAllowed(String host) throws IOException {
		this.server.enqueue(new MockResponse.Builder().code(204).build());
		try (OkHttpWebhookTransport transport = new OkHttpWebhookTransport(
				this.settings.withAllowPrivateAddresses(true))) {
			assertThat(transport.send(post(host)).statusCode()).isEqualTo(204);
		}
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "127.0.0.1" })
	void reachesALocalTargetInAnAllowedNetwork(String host) throws IOException {
		this.server.enqueue(new MockResponse.Builder().code(204).build());
		try (OkHttpWebhookTransport transport = OkHttpWebhookTransport.builder(this.settings)
			.allowedNetworks(List.of(NetworkRange.parse("127.0.0.0/8"), NetworkRange.parse("::1/128")))
			.build()) {
			assertThat(transport.send(post(host)).statusCode()).isEqualTo(204);
		}
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void refusesALocalTargetOutsideTheAllowedNetworks() {
		try (OkHttpWebhookTransport transport = OkHttpWebhookTransport.builder(this.settings)
			.allowedNetworks(List.of(NetworkRange.parse("10.0.0.0/8")))
			.build()) {
			assertThatIOException().isThrownBy(() -> transport.send(post("127.0.0.1")))
				.withMessageContaining("webhooks.http.allowed-networks=127.0.0.1/32");
		}
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void warnsOncePerTargetNotOncePerAttempt() {
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		Logger logger = (Logger) LoggerFactory.getLogger(PrivateAddressGuard.class);
		log.start();
		logger.addAppender(log);
		try (OkHttpWebhookTransport transport = new OkHttpWebhookTransport(this.settings)) {
			for (int attempt = 0; attempt < 3; attempt++) {
				assertThatIOException().isThrownBy(() -> transport.send(post("127.0.0.1", Target.server("billing"))));
				assertThatIOException().isThrownBy(() -> transport.send(post("127.0.0.1", Target.hook("42"))));
			}
		}
		finally {
			logger.detachAppender(log);
		}
		assertThat(log.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
		assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("Deliveries to target 'billing' are refused: 127.0.0.1 resolves to the non-public "
					+ "address 127.0.0.1; allow it with webhooks.http.allowed-networks=127.0.0.1/32, or every "
					+ "non-public address with webhooks.http.allow-private-addresses=true",
					"Deliveries to target 'hook:42' are refused: 127.0.0.1 resolves to the non-public address "
							+ "127.0.0.1; allow it with webhooks.http.allowed-networks=127.0.0.1/32, or every "
							+ "non-public address with webhooks.http.allow-private-addresses=true");
	}

	private WebhookRequest post(String host, Target target) {
		return new WebhookRequest("POST", "http://" + host + ":" + this.server.getPort() + "/hooks", Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), "application/json", target);
	}

	private WebhookRequest post(String host) {
		return new WebhookRequest("POST", "http://" + host + ":" + this.server.getPort() + "/hooks", Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), "application/json");
	}

}
