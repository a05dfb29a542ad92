package dev.webhooks.dispatch.okhttp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhooks.dispatch.WebhookRequest;
import dev.webhooks.net.PrivateAddressGuard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What OkHttp does with the private-address guard behind a proxy: the proxy stands in for the target, a
 * {@link MockWebServer} on loopback playing an HTTP proxy.
 */
class OkHttpProxyTests {

	private final OkHttpTransportSettings settings = OkHttpTransportSettings.defaults()
		.withConnectTimeout(Duration.ofSeconds(2))
		.withReadTimeout(Duration.ofSeconds(2));

	private MockWebServer proxy;

	@BeforeEach
	void startProxy() throws IOException {
		this.proxy = new MockWebServer();
		this.proxy.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	@AfterEach
	void stopProxy() {
		this.proxy.close();
	}

	@Test
	void throughAnHttpProxyOkHttpAsksDnsForTheProxysHostOnlyNeverForTheTargets() throws IOException {
		this.proxy.enqueue(new MockResponse.Builder().code(204).build());
		List<String> looked = new CopyOnWriteArrayList<>();
		Dns recording = (hostname) -> {
			looked.add(hostname);
			return Dns.SYSTEM.lookup(hostname);
		};
		OkHttpPrivateAddressGuard guard = new OkHttpPrivateAddressGuard(PrivateAddressGuard.refusingNonPublic(),
				recording, Set.of("localhost"));
		OkHttpClient.Builder builder = new OkHttpClient.Builder().dns(guard).addInterceptor(guard);
		OkHttpProxy.of(Proxy.Type.HTTP, "localhost", this.proxy.getPort()).applyTo(builder);

		try (Response response = builder.build()
			.newCall(new Request.Builder().url("http://target.invalid/hooks").build())
			.execute()) {
			assertThat(response.code()).isEqualTo(204);
		}
		assertThat(looked).containsExactly("localhost");
	}

	@Test
	void throughASocksProxyOkHttpAsksDnsForNothing() throws IOException {
		List<String> looked = new CopyOnWriteArrayList<>();
		Dns recording = (hostname) -> {
			looked.add(hostname);
			return Dns.SYSTEM.lookup(hostname);
		};
		OkHttpPrivateAddressGuard guard = new OkHttpPrivateAddressGuard(PrivateAddressGuard.refusingNonPublic(),
				recording, Set.of());
		OkHttpClient.Builder builder = new OkHttpClient.Builder().dns(guard)
			.addInterceptor(guard)
			.connectTimeout(Duration.ofSeconds(2));
		// nothing listens there: the connect fails after the routes were chosen
		OkHttpProxy.of(Proxy.Type.SOCKS, "localhost", closedPort()).applyTo(builder);

		assertThatIOException().isThrownBy(() -> builder.build()
			.newCall(new Request.Builder().url("http://target.invalid/hooks").build())
			.execute());
		assertThat(looked).isEmpty();
	}

	@Test
	void aHostNameTargetGoesToAProxyOnLoopbackWhilePrivateAddressesAreRefused() throws Exception {
		this.proxy.enqueue(new MockResponse.Builder().code(204).build());
		try (OkHttpWebhookTransport transport = OkHttpWebhookTransport.builder(this.settings)
			.proxy(OkHttpProxy.of(Proxy.Type.HTTP, "localhost", this.proxy.getPort()))
			.build()) {
			assertThat(transport.send(post("http://target.invalid/hooks")).statusCode()).isEqualTo(204);
		}
		RecordedRequest request = this.proxy.takeRequest();
		assertThat(request.getRequestLine()).isEqualTo("POST http://target.invalid/hooks HTTP/1.1");
	}

	@Test
	void anIpLiteralTargetIsStillJudgedBehindAProxy() {
		try (OkHttpWebhookTransport transport = OkHttpWebhookTransport.builder(this.settings)
			.proxy(OkHttpProxy.of(Proxy.Type.HTTP, "localhost", this.proxy.getPort()))
			.build()) {
			assertThatIOException().isThrownBy(() -> transport.send(post("http://10.1.2.3/hooks")))
				.withMessageContaining("10.1.2.3 resolves to the non-public address 10.1.2.3");
			assertThatIOException().isThrownBy(() -> transport.send(post("http://[64:ff9b::7f00:1]/hooks")))
				.withMessageContaining("carrying 127.0.0.1");
		}
		assertThat(this.proxy.getRequestCount()).isZero();
	}

	@Test
	void sendsBasicCredentialsWhenTheProxyAsksForThem() throws Exception {
		this.proxy.enqueue(new MockResponse.Builder().code(407)
			.addHeader("Proxy-Authenticate", "Basic realm=\"proxy\"")
			.build());
		this.proxy.enqueue(new MockResponse.Builder().code(204).build());
		OkHttpProxy withCredentials = new OkHttpProxy(Proxy.Type.HTTP, "localhost", this.proxy.getPort(), "sender",
				"s3cret", List.of());
		try (OkHttpWebhookTransport transport = OkHttpWebhookTransport.builder(this.settings)
			.proxy(withCredentials)
			.build()) {
			assertThat(transport.send(post("http://target.invalid/hooks")).statusCode()).isEqualTo(204);
		}
		assertThat(this.proxy.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
		assertThat(this.proxy.takeRequest().getHeaders().get("Proxy-Authorization"))
			.isEqualTo(Credentials.basic("sender", "s3cret"));
		assertThat(withCredentials.toString()).doesNotContain("s3cret");
	}

	@Test
	void stopsAskingWhenTheProxyRefusesTheCredentials() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.proxy.enqueue(new MockResponse.Builder().code(407)
				.addHeader("Proxy-Authenticate", "Basic realm=\"proxy\"")
				.build());
		}
		try (OkHttpWebhookTransport transport = OkHttpWebhookTransport.builder(this.settings)
			.proxy(new OkHttpProxy(Proxy.Type.HTTP, "localhost", this.proxy.getPort(), "sender", "wrong", List.of()))
			.build()) {
			assertThat(transport.send(post("http://target.invalid/hooks")).statusCode()).isEqualTo(407);
		}
		assertThat(this.proxy.getRequestCount()).isEqualTo(2);
	}

	@Test
	void reachesNonProxyHostsDirectly() throws IOException {
		try (MockWebServer target = new MockWebServer()) {
			target.start(InetAddress.getByName("127.0.0.1"), 0);
			target.enqueue(new MockResponse.Builder().code(204).build());
			OkHttpProxy unreachable = new OkHttpProxy(Proxy.Type.HTTP, "localhost", closedPort(), null, null,
					List.of("*.internal", "127.*"));
			try (OkHttpWebhookTransport transport = OkHttpWebhookTransport
				.builder(this.settings.withAllowPrivateAddresses(true))
				.proxy(unreachable)
				.build()) {
				assertThat(transport.send(post("http://127.0.0.1:" + target.getPort() + "/hooks")).statusCode())
					.isEqualTo(204);
			}
			assertThat(target.getRequestCount()).isEqualTo(1);
		}
	}

	@Test
	void matchesNonProxyHostsExactlyOrByALeadingOrTrailingWildcardInAnyCase() {
		OkHttpProxy proxy = new OkHttpProxy(Proxy.Type.HTTP, "proxy", 3128, null, null,
				List.of("localhost", "*.Internal", "10.*"));

		assertThat(proxy.bypasses("LOCALHOST")).isTrue();
		assertThat(proxy.bypasses("billing.internal")).isTrue();
		assertThat(proxy.bypasses("10.1.2.3")).isTrue();
		assertThat(proxy.bypasses("localhost.example.com")).isFalse();
		assertThat(proxy.bypasses("internal.example.com")).isFalse();
		assertThat(proxy.bypasses("110.1.2.3")).isFalse();
	}

	@Test
	void refusesCredentialsForASocksProxy() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OkHttpProxy(Proxy.Type.SOCKS, "proxy", 1080, "user", "pass", List.of()))
			.withMessageContaining("java.net.Authenticator");
	}

	private static WebhookRequest post(String url) {
		return new WebhookRequest("POST", url, Map.of(), "{}".getBytes(StandardCharsets.UTF_8), "application/json");
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
	}

}
