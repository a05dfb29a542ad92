package dev.webhooks.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.WebhookTransport;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code webhooks.http.*} and {@code webhooks.servers.<id>.ssl.*} wiring of the transport. */
class WebhooksHttpClientAutoConfigurationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class,
				SslAutoConfiguration.class, WebhooksAutoConfiguration.class, WebhooksOutboxAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:http-${random.uuid}", "webhooks.app-id=shop",
				"webhooks.servers.warehouse.url=https://warehouse.example.com/webhooks/receive",
				"webhooks.servers.warehouse.secret=" + SECRET);

	@Test
	void refusesInvalidNetworksAndProxySettingsNamingTheProperty() {
		Map<String, String> invalid = new LinkedHashMap<>();
		invalid.put("webhooks.http.allowed-networks[0]", "localhost");
		invalid.put("webhooks.http.proxy.type", "direct");
		InvalidPropertyValues.assertEachFailsNamingItsProperty(this.runner, invalid, null);
		this.runner.withPropertyValues("webhooks.http.allowed-networks=10.0.0.0/8,10.1.2.3/8")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("webhooks.http.allowed-networks: '10.1.2.3/8' has bits set past its prefix length; "
						+ "the network is 10.0.0.0/8"));
		this.runner
			.withPropertyValues("webhooks.http.proxy.type=socks", "webhooks.http.proxy.host=proxy.internal",
					"webhooks.http.proxy.port=1080", "webhooks.http.proxy.username=sender",
					"webhooks.http.proxy.password=s3cret")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.http.proxy.username: is for an HTTP proxy only")
				.hasMessageNotContaining("s3cret"));
		this.runner.withPropertyValues("webhooks.http.proxy.port=3128")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("webhooks.http.proxy.host: is required when webhooks.http.proxy.port or .username is set"));
		this.runner.withPropertyValues("webhooks.http.proxy.host=proxy.internal")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("webhooks.http.proxy.port: is required when webhooks.http.proxy.host is set"));
		this.runner.withPropertyValues("webhooks.http.proxy.host=proxy.internal", "webhooks.http.proxy.port=70000")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("webhooks.http.proxy.port: must be from 1 to 65535, but is 70000"));
	}

	@Test
	void routesRequestsThroughTheProxyExceptForNonProxyHosts() {
		this.runner
			.withPropertyValues("webhooks.http.proxy.host=proxy.internal", "webhooks.http.proxy.port=3128",
					"webhooks.http.proxy.non-proxy-hosts=*.internal,localhost")
			.run((context) -> {
				OkHttpWebhookTransport transport = (OkHttpWebhookTransport) context.getBean(WebhookTransport.class);
				assertThat(transport.client().proxySelector().select(URI.create("https://warehouse.example.com/")))
					.containsExactly(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.internal",
							3128)));
				assertThat(transport.client().proxySelector().select(URI.create("https://erp.internal/")))
					.containsExactly(Proxy.NO_PROXY);
			});
	}

	@Test
	void refusesAServerNamingAnSslBundleThatIsNotConfigured() {
		this.runner.withPropertyValues("webhooks.servers.warehouse.ssl.bundle=warehouse-mtls")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageStartingWith("webhooks.servers.warehouse.ssl.bundle: names the SSL bundle "
						+ "'warehouse-mtls', which is not configured; define it under "
						+ "spring.ssl.bundle.pem.warehouse-mtls"));
	}

	@Test
	void refusesAnSslBundleForAServerWithAnHttpUrl() {
		this.runner
			.withPropertyValues("webhooks.servers.warehouse.url=http://warehouse.example.com/webhooks/receive",
					"webhooks.servers.warehouse.ssl.bundle=warehouse-mtls")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.servers.warehouse.ssl.bundle: is set, but "
						+ "webhooks.servers.warehouse.url is not an https URL"));
	}

	@Test
	void givesServersNamingTheSameBundleOneClientSharingThePool(@TempDir Path pem) throws IOException {
		Path ca = pem.resolve("ca.crt");
		Files.writeString(ca, new HeldCertificate.Builder().certificateAuthority(0).build().certificatePem());
		this.runner
			.withPropertyValues("spring.ssl.bundle.pem.partners.truststore.certificate=file:" + ca,
					"webhooks.servers.warehouse.ssl.bundle=partners",
					"webhooks.servers.erp.url=https://erp.example.com/webhooks/receive",
					"webhooks.servers.erp.secret=" + SECRET, "webhooks.servers.erp.ssl.bundle=partners",
					"webhooks.servers.crm.url=https://crm.example.com/webhooks/receive",
					"webhooks.servers.crm.secret=" + SECRET)
			.run((context) -> {
				OkHttpWebhookTransport transport = (OkHttpWebhookTransport) context.getBean(WebhookTransport.class);
				assertThat(transport.client(Target.server("warehouse")))
					.isSameAs(transport.client(Target.server("erp")))
					.isNotSameAs(transport.client());
				assertThat(transport.client(Target.server("crm"))).isSameAs(transport.client());
				assertThat(transport.client(Target.server("erp")).connectionPool())
					.isSameAs(transport.client().connectionPool());
				assertThat(transport.client(Target.server("erp")).dispatcher())
					.isSameAs(transport.client().dispatcher());
			});
	}

}
