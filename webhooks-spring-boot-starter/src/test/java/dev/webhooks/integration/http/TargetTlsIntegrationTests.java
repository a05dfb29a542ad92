package dev.webhooks.integration.http;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.integration.sender.SenderTestApplication;
import dev.webhooks.publish.WebhookPublisher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mutual TLS with a Spring Boot SSL bundle per server: an HTTPS receiver on loopback that requires a client
 * certificate, signed by a test CA, the bundle read from PEM files written here.
 */
class TargetTlsIntegrationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	@TempDir
	Path pem;

	private MockWebServer receiver;

	private ConfigurableApplicationContext sender;

	private HeldCertificate clientCertificate;

	@BeforeEach
	void startReceiver() throws IOException {
		HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("webhooks test CA").build();
		HeldCertificate serverCertificate = new HeldCertificate.Builder().commonName("receiver")
			.addSubjectAlternativeName("localhost")
			.addSubjectAlternativeName("127.0.0.1")
			.signedBy(ca)
			.build();
		this.clientCertificate = new HeldCertificate.Builder().commonName("sender").signedBy(ca).build();
		HandshakeCertificates serverCertificates = new HandshakeCertificates.Builder()
			.heldCertificate(serverCertificate, ca.certificate())
			.addTrustedCertificate(ca.certificate())
			.build();
		this.receiver = new MockWebServer();
		this.receiver.useHttps(serverCertificates.sslSocketFactory());
		this.receiver.requireClientAuth();
		// over HTTP/2 a refused client certificate can surface as the connection shutting down, with no TLS word
		this.receiver.setProtocols(List.of(Protocol.HTTP_1_1));
		this.receiver.start(InetAddress.getByName("127.0.0.1"), 0);
		Files.writeString(this.pem.resolve("ca.crt"), ca.certificatePem());
		Files.writeString(this.pem.resolve("client.crt"), this.clientCertificate.certificatePem());
		Files.writeString(this.pem.resolve("client.key"), this.clientCertificate.privateKeyPkcs8Pem());
	}

	@AfterEach
	void stop() {
		if (this.sender != null) {
			this.sender.close();
		}
		this.receiver.close();
	}

	@Test
	void aServerWithAClientCertificateBundleGetsItsDeliveryAndOneWithoutItFailsWithATlsError() throws Exception {
		this.receiver.enqueue(new MockResponse.Builder().code(204).build());
		String url = "https://localhost:" + this.receiver.getPort() + "/webhooks/receive";
		this.sender = new SpringApplicationBuilder(SenderTestApplication.class).web(WebApplicationType.NONE)
			.properties("spring.datasource.url=jdbc:h2:mem:tls-" + UUID.randomUUID(),
					"spring.jpa.hibernate.ddl-auto=create-drop", "webhooks.app-id=sender",
					"spring.ssl.bundle.pem.billing-mtls.keystore.certificate=file:" + this.pem.resolve("client.crt"),
					"spring.ssl.bundle.pem.billing-mtls.keystore.private-key=file:" + this.pem.resolve("client.key"),
					"spring.ssl.bundle.pem.billing-mtls.truststore.certificate=file:" + this.pem.resolve("ca.crt"),
					"spring.ssl.bundle.pem.trust-only.truststore.certificate=file:" + this.pem.resolve("ca.crt"),
					"webhooks.servers.billing.url=" + url, "webhooks.servers.billing.secret=" + SECRET,
					"webhooks.servers.billing.ssl.bundle=billing-mtls", "webhooks.servers.audit.url=" + url,
					"webhooks.servers.audit.secret=" + SECRET, "webhooks.servers.audit.ssl.bundle=trust-only",
					"webhooks.http.allowed-networks=127.0.0.0/8,::1/128", "webhooks.dispatch.poll-interval=100ms",
					"webhooks.retry.initial-interval=100ms", "webhooks.retry.multiplier=1.0", "webhooks.retry.jitter=0",
					"webhooks.retry.max-attempts=2")
			.run();

		List<String> ids = this.sender.getBean(WebhookPublisher.class).publish("invoice.paid", Map.of("number", "F-1"));

		DeliveryQueries queries = this.sender.getBean(DeliveryQueries.class);
		Delivery billing = awaitSettled(queries, ids, Target.server("billing"));
		Delivery audit = awaitSettled(queries, ids, Target.server("audit"));
		assertThat(billing.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
		RecordedRequest request = this.receiver.takeRequest();
		assertThat(request.getHandshake().peerCertificates()).first()
			.extracting((certificate) -> ((X509Certificate) certificate).getSubjectX500Principal().getName())
			.isEqualTo("CN=sender");
		assertThat(audit.status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(audit.lastStatusCode()).isNull();
		// the receiver refuses the handshake without a client certificate; how the JDK reports it varies
		assertThat(audit.lastError()).matches("(tls failure|SocketException|connection failed): .+");
		assertThat(this.receiver.getRequestCount()).isEqualTo(1);
	}

	private static Delivery awaitSettled(DeliveryQueries queries, List<String> ids, Target target) {
		await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
			.map((id) -> queries.find(id).orElseThrow())
			.anyMatch((delivery) -> delivery.target().equals(target)
					&& delivery.status() != DeliveryStatus.PENDING && delivery.status() != DeliveryStatus.IN_FLIGHT));
		return ids.stream()
			.map((id) -> queries.find(id).orElseThrow())
			.filter((delivery) -> delivery.target().equals(target))
			.findFirst()
			.orElseThrow();
	}

}
