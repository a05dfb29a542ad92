package dev.webhooks.integration.http;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.integration.sender.SenderTestApplication;
import dev.webhooks.publish.WebhookPublisher;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a new user sees who points a server at {@code localhost} with the guard on: one WARN at start-up, one WARN
 * when its deliveries are refused (not one per attempt), and the reason in each delivery's last error.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrivateAddressRefusalIntegrationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private MockWebServer receiver;

	private ConfigurableApplicationContext sender;

	@BeforeEach
	void start() throws IOException {
		this.receiver = new MockWebServer();
		this.receiver.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	@AfterEach
	void stop() {
		if (this.sender != null) {
			this.sender.close();
		}
		this.receiver.close();
	}

	@Test
	void aServerOnLocalhostIsWarnedAboutAtStartUpAndOnceWhenRefusedAndItsLastErrorSaysWhy(CapturedOutput output)
			throws IOException {
		String address = InetAddress.getAllByName("localhost")[0].getHostAddress();
		String cidr = address + ((address.contains(":")) ? "/128" : "/32");
		String reason = "localhost resolves to the non-public address " + address + "; allow it with "
				+ "webhooks.http.allowed-networks=" + cidr + ", or every non-public address with "
				+ "webhooks.http.allow-private-addresses=true";
		this.sender = new SpringApplicationBuilder(SenderTestApplication.class).web(WebApplicationType.NONE)
			.properties("spring.datasource.url=jdbc:h2:mem:refusal-" + UUID.randomUUID(),
					"spring.jpa.hibernate.ddl-auto=create-drop", "webhooks.app-id=sender",
					"webhooks.servers.billing.url=http://localhost:" + this.receiver.getPort() + "/webhooks/receive",
					"webhooks.servers.billing.secret=" + SECRET, "webhooks.dispatch.poll-interval=100ms",
					"webhooks.retry.initial-interval=100ms", "webhooks.retry.multiplier=1.0", "webhooks.retry.jitter=0",
					"webhooks.retry.max-attempts=3")
			.run();
		String atStartUp = "Deliveries to target 'billing' (webhooks.servers.billing.url) will be refused: " + reason;
		assertThat(warnings(output)).containsExactly(atStartUp);

		String id = this.sender.getBean(WebhookPublisher.class).publish("invoice.paid", null).get(0);

		DeliveryQueries queries = this.sender.getBean(DeliveryQueries.class);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> queries.find(id).map(Delivery::status).orElseThrow() == DeliveryStatus.FAILED);
		Delivery failed = queries.find(id).orElseThrow();
		assertThat(failed.attemptCount()).isEqualTo(3);
		assertThat(failed.lastError()).isEqualTo("private address refused: " + reason);
		assertThat(warnings(output)).containsExactly(atStartUp, "Deliveries to target 'billing' are refused: " + reason);
		assertThat(this.receiver.getRequestCount()).isZero();
	}

	@Test
	void aServerInAnAllowedNetworkIsNeitherWarnedAboutNorRefused(CapturedOutput output) throws IOException {
		this.receiver.enqueue(new mockwebserver3.MockResponse.Builder().code(204).build());
		this.sender = new SpringApplicationBuilder(SenderTestApplication.class).web(WebApplicationType.NONE)
			.properties("spring.datasource.url=jdbc:h2:mem:refusal-" + UUID.randomUUID(),
					"spring.jpa.hibernate.ddl-auto=create-drop", "webhooks.app-id=sender",
					"webhooks.servers.billing.url=http://127.0.0.1:" + this.receiver.getPort() + "/webhooks/receive",
					"webhooks.servers.billing.secret=" + SECRET, "webhooks.dispatch.poll-interval=100ms",
					"webhooks.http.allowed-networks=127.0.0.0/8")
			.run();

		String id = this.sender.getBean(WebhookPublisher.class).publish("invoice.paid", null).get(0);

		DeliveryQueries queries = this.sender.getBean(DeliveryQueries.class);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> queries.find(id).map(Delivery::status).orElseThrow() == DeliveryStatus.SUCCEEDED);
		assertThat(warnings(output)).isEmpty();
	}

	/** The guard's WARN lines, as the console pattern of logback-test.xml prints them. */
	private static List<String> warnings(CapturedOutput output) {
		String workerMarker = "] d.webhooks.net.PrivateAddressGuard - ";
		return output.getOut().lines()
			.filter((line) -> line.contains(" WARN ") && line.contains(workerMarker))
			.map((line) -> line.substring(line.indexOf(workerMarker) + workerMarker.length()))
			.toList();
	}

}
