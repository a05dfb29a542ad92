package dev.webhooks.integration;

import java.time.Duration;
import java.util.UUID;

import dev.webhooks.integration.receiver.ReceiverTestApplication;
import dev.webhooks.integration.receiver.RecordingHandlers;
import dev.webhooks.integration.sender.Company;
import dev.webhooks.integration.sender.Customer;
import dev.webhooks.integration.sender.CustomerRepository;
import dev.webhooks.integration.sender.SenderTestApplication;
import dev.webhooks.message.WebhookMessage;
import dev.webhooks.signing.SigningKeyPair;
import dev.webhooks.testing.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two applications linked by ed25519 keys alone, no shared secret: the sender signs with its {@code signing-key}
 * ({@code v1a} only), the real receiver verifies with the sender's {@code public-key}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ed25519LinkIntegrationTests {

	private final SigningKeyPair senderKeys = SigningKeyPair.generate();

	private TestDatabase database;

	private ConfigurableApplicationContext receiver;

	private ConfigurableApplicationContext sender;

	@BeforeAll
	void startApplications() {
		this.database = TestDatabase.create(TestDatabase.Kind.H2);
		this.receiver = new SpringApplicationBuilder(ReceiverTestApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.datasource.url=jdbc:h2:mem:receiver-" + UUID.randomUUID(),
					"spring.jpa.hibernate.ddl-auto=create-drop", "webhooks.app-id=receiver",
					"webhooks.servers.sender.public-key=" + this.senderKeys.publicKey(),
					"webhooks.dispatch.enabled=false")
			.run();
		int port = ((WebServerApplicationContext) this.receiver).getWebServer().getPort();
		this.sender = new SpringApplicationBuilder(SenderTestApplication.class).web(WebApplicationType.NONE)
			.properties(this.database.springProperties())
			.properties("spring.jpa.hibernate.ddl-auto=create-drop", "webhooks.app-id=sender",
					"webhooks.servers.receiver.url=http://localhost:" + port + "/webhooks/receive",
					"webhooks.servers.receiver.signing-key=" + this.senderKeys.secretKey(),
					"webhooks.http.allow-private-addresses=true", "webhooks.dispatch.poll-interval=100ms")
			.run();
	}

	@AfterAll
	void stopApplications() {
		if (this.sender != null) {
			this.sender.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void aChangeSignedWithV1aOnlyIsVerifiedByThePublicKeyAndHandled() {
		CustomerRepository customers = this.sender.getBean(CustomerRepository.class);
		EntityManagerFactory factory = this.sender.getBean(EntityManagerFactory.class);
		new TransactionTemplate(this.sender.getBean(PlatformTransactionManager.class)).executeWithoutResult((status) -> {
			EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(factory);
			Company company = new Company("ACME");
			entityManager.persist(company);
			customers.save(new Customer("Ada", company));
		});

		RecordingHandlers handlers = this.receiver.getBean(RecordingHandlers.class);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> handlers.messages().stream().anyMatch((m) -> m.type().equals("customers.created")));
		WebhookMessage created = handlers.messages()
			.stream()
			.filter((m) -> m.type().equals("customers.created"))
			.findFirst()
			.orElseThrow();
		assertThat(created.source()).isEqualTo("sender");
		assertThat(created.data().get("name").asString()).isEqualTo("Ada");
	}

}
