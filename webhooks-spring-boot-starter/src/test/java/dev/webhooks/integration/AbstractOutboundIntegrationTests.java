package dev.webhooks.integration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.integration.receiver.Mirror;
import dev.webhooks.integration.receiver.MirrorRepository;
import dev.webhooks.integration.receiver.ReceiverTestApplication;
import dev.webhooks.integration.receiver.RecordingHandlers;
import dev.webhooks.integration.sender.Company;
import dev.webhooks.integration.sender.Country;
import dev.webhooks.integration.sender.Customer;
import dev.webhooks.integration.sender.CustomerRepository;
import dev.webhooks.integration.sender.CustomerStatus;
import dev.webhooks.integration.sender.OrderLine;
import dev.webhooks.integration.sender.OrderLineId;
import dev.webhooks.integration.sender.SenderTestApplication;
import dev.webhooks.integration.sender.Tag;
import dev.webhooks.message.WebhookMessage;
import dev.webhooks.publish.WebhookPublisher;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.testing.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

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
 * A sending application on the database under test and a receiving application on embedded H2, talking over real
 * HTTP: what a user sees once both sides have the starter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractOutboundIntegrationTests {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private TestDatabase database;

	private ConfigurableApplicationContext receiver;

	private ConfigurableApplicationContext sender;

	private RecordingHandlers handlers;

	private JdbcOutbox senderOutbox;

	private TransactionTemplate senderTransactions;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void startApplications() {
		this.database = TestDatabase.create(databaseKind());
		this.receiver = new SpringApplicationBuilder(ReceiverTestApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.datasource.url=jdbc:h2:mem:receiver-" + UUID.randomUUID(),
					"spring.jpa.hibernate.ddl-auto=create-drop", "webhooks.app-id=receiver",
					"webhooks.servers.sender.url=http://localhost:9/webhooks/receive",
					"webhooks.servers.sender.secret=" + SECRET, "webhooks.dispatch.enabled=false")
			.run();
		int port = ((WebServerApplicationContext) this.receiver).getWebServer().getPort();
		this.sender = new SpringApplicationBuilder(SenderTestApplication.class).web(WebApplicationType.NONE)
			.properties(this.database.springProperties())
			.properties("spring.jpa.hibernate.ddl-auto=create-drop", "webhooks.app-id=sender",
					"webhooks.servers.receiver.url=http://localhost:" + port + "/webhooks/receive",
					"webhooks.servers.receiver.secret=" + SECRET, "webhooks.http.allow-private-addresses=true",
					"webhooks.http.read-timeout=600ms", "webhooks.dispatch.poll-interval=100ms", "webhooks.retry.initial-interval=100ms",
					// these tests fail deliveries on purpose; a circuit opened by an earlier test would hold later ones
					"webhooks.dispatch.breaker.enabled=false",
					"webhooks.retry.multiplier=1.0", "webhooks.retry.jitter=0", "webhooks.retry.max-attempts=4")
			.run();
		this.handlers = this.receiver.getBean(RecordingHandlers.class);
		this.senderOutbox = JdbcOutbox.of(this.sender::getBean);
		this.senderTransactions = new TransactionTemplate(this.sender.getBean(PlatformTransactionManager.class));
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

	@BeforeEach
	void forgetReceivedMessages() {
		this.handlers.messages().clear();
		this.handlers.flakyFailures().set(0);
	}

	@Test
	void createdUpdatedAndDeletedReachTheReceiversHandlerWithASnapshotOfTheEntity() {
		CustomerRepository customers = this.sender.getBean(CustomerRepository.class);
		Customer customer = inTransaction((entityManager) -> {
			Company company = new Company("ACME");
			entityManager.persist(company);
			return customers.save(new Customer("Ada", company));
		});
		inTransaction((entityManager) -> {
			// a dirty change found at commit, without an explicit save
			entityManager.find(Customer.class, customer.getId()).setStatus(CustomerStatus.ACTIVE);
			return null;
		});
		customers.deleteById(customer.getId());

		// deliveries are sent concurrently: arrival order is not guaranteed
		List<WebhookMessage> received = awaitMessages("customers", 3);
		assertThat(received).extracting(WebhookMessage::type)
			.containsExactlyInAnyOrder("customers.created", "customers.updated", "customers.deleted");
		WebhookMessage created = byType(received, "customers.created");
		assertThat(created.source()).isEqualTo("sender");
		assertThat(created.entityType()).isEqualTo("Customer");
		assertThat(created.entityId().asLong()).isEqualTo(customer.getId());
		JsonNode data = created.data();
		assertThat(data.get("id").asLong()).isEqualTo(customer.getId());
		assertThat(data.get("name").asString()).isEqualTo("Ada");
		assertThat(data.has("passwordHash")).as("excluded attribute").isFalse();
		assertThat(data.has("formerCompanies")).as("to-many association").isFalse();
		assertThat(data.get("status").asString()).isEqualTo("PROSPECT");
		assertThat(data.get("balance").decimalValue()).isEqualByComparingTo("12.30");
		assertThat(data.get("birthday").asString()).isEqualTo("1990-05-17");
		assertThat(data.get("registeredAt").asString()).isEqualTo("2026-11-21T08:30:00.123456Z");
		assertThat(data.get("address").get("city").asString()).isEqualTo("Springfield");
		assertThat(data.get("company").isNumber()).as("to-one association as its id").isTrue();
		assertThat(byType(received, "customers.updated").data().get("status").asString()).isEqualTo("ACTIVE");
		assertThat(byType(received, "customers.deleted").data().get("name").asString()).as("deleted state")
			.isEqualTo("Ada");
		assertThat(byType(received, "customers.created").timestamp())
			.isBeforeOrEqualTo(byType(received, "customers.updated").timestamp());
	}

	@Test
	void aRolledBackTransactionSendsNothing() {
		long before = countAll();
		this.senderTransactions.executeWithoutResult((status) -> {
			this.sender.getBean(CustomerRepository.class).save(new Customer("Ghost", null));
			this.sender.getBean(WebhookPublisher.class).publish("invoice.paid", Map.of("number", "F-0"));
			status.setRollbackOnly();
		});
		assertThat(countAll()).isEqualTo(before);
	}

	@Test
	void anUpdateOfExcludedAttributesOnlyIsNotSent() {
		CustomerRepository customers = this.sender.getBean(CustomerRepository.class);
		Customer customer = customers.save(new Customer("Bob", null));
		awaitMessages("customers", 1);
		inTransaction((entityManager) -> {
			entityManager.find(Customer.class, customer.getId()).setPasswordHash("rotated");
			return null;
		});
		assertThat(outbox("customers.updated")).noneMatch((delivery) -> customer.getId().toString()
			.equals(delivery.entityId()));
	}

	@Test
	void idsOfEveryKindAndTheChosenEventsAndAttributesAreSent() {
		UUID tagId = UUID.randomUUID();
		inTransaction((entityManager) -> {
			entityManager.persist(new Tag(tagId, "red"));
			entityManager.persist(new Country("FR", "France", 68_000_000));
			entityManager.persist(new OrderLine(new OrderLineId("SO-1", 2), 5));
			return null;
		});
		inTransaction((entityManager) -> {
			// tags send creations only
			entityManager.find(Tag.class, tagId).setLabel("blue");
			return null;
		});
		assertThat(awaitMessages("tags", 1).get(0).entityId().asString()).isEqualTo(tagId.toString());
		WebhookMessage country = awaitMessages("countries", 1).get(0);
		assertThat(country.entityId().asString()).isEqualTo("FR");
		assertThat(country.data().propertyNames()).containsExactlyInAnyOrder("code", "name");
		WebhookMessage line = awaitMessages("order-lines", 1).get(0);
		assertThat(line.entityId().get("orderNumber").asString()).isEqualTo("SO-1");
		assertThat(line.entityId().get("lineNumber").asInt()).isEqualTo(2);
		assertThat(outbox("tags.updated")).isEmpty();
	}

	@Test
	void publishedEventsAreSentOnceTheirTransactionCommits() {
		List<String> ids = this.senderTransactions.execute((status) -> this.sender.getBean(WebhookPublisher.class)
			.publish("invoice.paid", Map.of("number", "F-1", "total", 99.5)));
		assertThat(ids).hasSize(1);
		WebhookMessage message = awaitMessages("invoice.paid", 1).get(0);
		assertThat(message.id()).isEqualTo(ids.get(0));
		assertThat(message.data().get("number").asString()).isEqualTo("F-1");
	}

	@Test
	void aFailingHandlerMakesTheSenderRetryUntilItSucceeds() {
		this.handlers.flakyFailures().set(2);
		String id = this.sender.getBean(WebhookPublisher.class).publish("flaky", Map.of("n", 1)).get(0);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.senderOutbox.queries().find(id).map(Delivery::status).orElseThrow() == DeliveryStatus.SUCCEEDED);
		assertThat(this.senderOutbox.queries().attempts(id)).extracting(DeliveryAttempt::statusCode)
			.containsExactly(500, 500, 204);
		assertThat(awaitMessages("flaky", 1)).hasSize(1);
	}

	@Test
	void aDeliveryFailsForGoodAfterItsLastAttemptAndCanBeResent() {
		this.handlers.flakyFailures().set(100);
		String id = this.sender.getBean(WebhookPublisher.class).publish("flaky", Map.of("n", 2)).get(0);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.senderOutbox.queries().find(id).map(Delivery::status).orElseThrow() == DeliveryStatus.FAILED);
		Delivery failed = this.senderOutbox.queries().find(id).orElseThrow();
		assertThat(failed.attemptCount()).isEqualTo(4);
		assertThat(failed.lastStatusCode()).isEqualTo(500);
		assertThat(this.senderOutbox.queries().attempts(id)).hasSize(4);

		this.handlers.flakyFailures().set(0);
		assertThat(this.senderOutbox.commands().retry(DeliverySelection.ids(List.of(id)), java.time.Instant.now())).isEqualTo(1);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.senderOutbox.queries().find(id).map(Delivery::status).orElseThrow() == DeliveryStatus.SUCCEEDED);
	}

	@Test
	void aMessageRedeliveredAfterTheSenderTimedOutRunsItsHandlerOnce() {
		CountDownLatch gate = new CountDownLatch(1);
		this.handlers.holdSlowHandler(gate);
		String id = this.sender.getBean(WebhookPublisher.class).publish("slow", Map.of("n", 3)).get(0);
		// the first attempt times out while the handler runs; redeliveries meanwhile are refused with 409
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.senderOutbox.queries().find(id).map(Delivery::status).orElseThrow() == DeliveryStatus.FAILED);
		List<DeliveryAttempt> attempts = this.senderOutbox.queries().attempts(id);
		assertThat(attempts.get(0).error()).startsWith("timeout");
		assertThat(attempts.subList(1, attempts.size())).extracting(DeliveryAttempt::statusCode).containsOnly(409);
		gate.countDown();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.handlers.slowFinished().contains(id));

		// once handled, a redelivery is answered 2xx without running the handler again
		this.senderOutbox.commands().retry(DeliverySelection.ids(List.of(id)), java.time.Instant.now());
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.senderOutbox.queries().find(id).map(Delivery::status).orElseThrow() == DeliveryStatus.SUCCEEDED);
		attempts = this.senderOutbox.queries().attempts(id);
		assertThat(attempts.get(attempts.size() - 1).statusCode()).isEqualTo(200);
		assertThat(this.handlers.messages()).filteredOn((message) -> message.id().equals(id)).hasSize(1);
	}

	@Test
	void changesMadeWhileHandlingAMessageAreNotEchoedBackToItsSender() {
		Customer customer = this.sender.getBean(CustomerRepository.class).save(new Customer("Eve", null));
		awaitMessages("customers", 1);
		JdbcOutbox receiverOutbox = JdbcOutbox.of(this.receiver::getBean);
		assertThat(receiverOutbox.queries().search(DeliverySearch.newest(100).withTarget(Target.server("sender")).withEventType("mirrors.created")))
			.noneMatch((delivery) -> customer.getId().toString().equals(delivery.entityId()));

		this.receiver.getBean(MirrorRepository.class).save(new Mirror(-customer.getId(), "local"));
		assertThat(receiverOutbox.queries().search(DeliverySearch.newest(100).withTarget(Target.server("sender")).withEventType("mirrors.created")))
			.anyMatch((delivery) -> Long.toString(-customer.getId()).equals(delivery.entityId()));
	}

	private List<WebhookMessage> awaitMessages(String topic, int count) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.handlers.messages().stream().filter((m) -> m.topic().equals(topic)).count() >= count);
		return this.handlers.messages().stream().filter((m) -> m.topic().equals(topic)).toList();
	}

	private static WebhookMessage byType(List<WebhookMessage> messages, String type) {
		return messages.stream().filter((message) -> message.type().equals(type)).findFirst().orElseThrow();
	}

	private List<Delivery> outbox(String eventType) {
		return this.senderOutbox.queries().search(DeliverySearch.newest(1000).withEventType(eventType));
	}

	private long countAll() {
		return this.senderOutbox.queries().search(DeliverySearch.newest(100_000)).size();
	}

	private <T> T inTransaction(java.util.function.Function<EntityManager, T> work) {
		EntityManagerFactory factory = this.sender.getBean(EntityManagerFactory.class);
		return this.senderTransactions
			.execute((status) -> work.apply(EntityManagerFactoryUtils.getTransactionalEntityManager(factory)));
	}

}
