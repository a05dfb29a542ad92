package dev.webhooks.dispatch.okhttp;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
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

import dev.webhooks.dispatch.WebhookRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class PrivateAddressGuardTests {

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

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1",
			"172.31.255.255", "192.168.0.1", "192.168.255.255", "169.254.169.254", "100.64.0.1", "100.127.255.255",
			"0.0.0.0", "224.0.0.1", "239.255.255.250", "::1", "::", "fc00::1", "fd12:3456:789a::1", "fe80::1",
			"febf:ffff::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:192.168.1.1", "::ffff:127.0.0.1" })
	void refusesNonPublicAddresses(String address) throws IOException {
		assertThat(PrivateAddressGuard.isNonPublic(InetAddress.getByName(address))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "8.8.8.8", "1.1.1.1", "2606:4700::1111", "2001:4860:4860::8888", "172.15.255.255",
			"172.32.0.1", "100.63.255.255", "100.128.0.1", "11.0.0.1", "::ffff:8.8.8.8" })
	void allowsPublicAddresses(String address) throws IOException {
		assertThat(PrivateAddressGuard.isNonPublic(InetAddress.getByName(address))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0a000001", "c0a80101", "7f000001", "a9fea9fe" })
	void judgesIpv4MappedIpv6AddressesByTheIpv4AddressTheyCarry(String ipv4) throws IOException {
		// InetAddress.getByName turns ::ffff:a.b.c.d into an Inet4Address; an Inet6Address can still carry one
		byte[] mapped = HexFormat.of().parseHex("00000000000000000000ffff" + ipv4);
		Inet6Address address = Inet6Address.getByAddress(null, mapped, -1);

		assertThat(PrivateAddressGuard.isNonPublic(address)).isTrue();
		assertThat(PrivateAddressGuard.isNonPublic(Inet6Address.getByAddress(null,
				HexFormat.of().parseHex("00000000000000000000ffff08080808"), -1)))
			.isFalse();
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
	@ValueSource(strings = { "127.0.0.1", "[::ffff:127.0.0.1]", "2130706433", "127.1" })
	void refusesALoopbackIpLiteralByDefault(String host) {
		try (OkHttpWebhookTransport transport = new OkHttpWebhookTransport(this.settings)) {
			assertThatIOException().isThrownBy(() -> transport.send(post(host)))
				.withMessageContaining("127.0.0.1")
				.withMessageContaining(PROPERTY);
		}
		assertThat(this.server.getRequestCount()).isZero();
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

	private WebhookRequest post(String host) {
		return new WebhookRequest("POST", "http://" + host + ":" + this.server.getPort() + "/hooks", Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), "application/json");
	}

}
