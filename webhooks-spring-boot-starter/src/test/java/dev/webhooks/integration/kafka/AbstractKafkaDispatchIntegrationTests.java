package dev.webhooks.integration.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.operations.OperationArguments;
import dev.webhooks.operations.OperationReport;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.integration.sender.Company;
import dev.webhooks.integration.sender.Customer;
import dev.webhooks.integration.sender.CustomerRepository;
import dev.webhooks.integration.sender.SenderTestApplication;
import dev.webhooks.kafka.OutboxRelay;
import dev.webhooks.publish.WebhookPublisher;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.spring.actuate.WebhooksHealthIndicator;
import dev.webhooks.testing.TestDatabase;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of a sending application in Kafka mode on the database under test and an embedded broker: the first
 * captures, relays and sends, the second only sends. Every delivery reaches a real receiver once, signed, and ends
 * SUCCEEDED in the outbox.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractKafkaDispatchIntegrationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private EmbeddedKafkaKraftBroker broker;

	private TestDatabase database;

	private MockWebServer receiver;

	private final Queue<RecordedRequest> received = new ConcurrentLinkedQueue<>();

	/** Message types whose first request the receiver answers with a 500. */
	private final Set<String> failOnce = ConcurrentHashMap.newKeySet();

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void startApplications() throws Exception {
		this.broker = new EmbeddedKafkaKraftBroker(1, 3, "webhooks.deliveries");
		this.broker.afterPropertiesSet();
		this.database = TestDatabase.create(databaseKind());
		this.receiver = new MockWebServer();
		this.receiver.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				AbstractKafkaDispatchIntegrationTests.this.received.add(request);
				String type = type(request);
				if (AbstractKafkaDispatchIntegrationTests.this.failOnce.remove(type)) {
					return new MockResponse.Builder().code(500).body("not yet").build();
				}
				return new MockResponse.Builder().code(204).build();
			}

		});
		this.receiver.start();
		this.first = application("create");
		// another instance of the same application that only sends, in the same consumer group
		this.second = application("none", "webhooks.kafka.relay.enabled=false");
	}

	private ConfigurableApplicationContext application(String ddl, String... more) {
		return new SpringApplicationBuilder(SenderTestApplication.class).web(WebApplicationType.NONE)
			.properties(this.database.springProperties())
			.properties("spring.jpa.hibernate.ddl-auto=" + ddl, "webhooks.app-id=sender",
					"webhooks.servers.receiver.url=http://localhost:" + this.receiver.getPort() + "/webhooks/receive",
					"webhooks.servers.receiver.secret=" + SECRET, "webhooks.http.allow-private-addresses=true",
					"webhooks.dispatch.mode=kafka", "spring.kafka.bootstrap-servers=" + this.broker.getBrokersAsString(),
					"webhooks.kafka.relay.poll-interval=100ms", "webhooks.retry.initial-interval=200ms",
					"webhooks.retry.jitter=0")
			.properties(more)
			.run();
	}

	@AfterAll
	void stopApplications() throws Exception {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { this.second,
				this.first }) {
			if (context != null) {
				context.close();
			}
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
		if (this.database != null) {
			this.database.close();
		}
		if (this.broker != null) {
			this.broker.destroy();
		}
	}

	@Test
	void capturedChangesAndPublishedMessagesReachTheReceiverOnceSignedAndSucceedInTheOutbox() {
		DeliveryQueries queries = this.first.getBean(DeliveryQueries.class);
		long succeededBefore = queries.countByStatus(null).get(DeliveryStatus.SUCCEEDED);
		TransactionTemplate transactions = new TransactionTemplate(
				this.first.getBean(PlatformTransactionManager.class));
		WebhookPublisher publisher = this.first.getBean(WebhookPublisher.class);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			int number = i;
			ids.addAll(transactions
				.execute((status) -> publisher.publish("invoice.paid", Map.of("number", "F-" + number))));
		}
		transactions.executeWithoutResult((status) -> {
			Company company = new Company("ACME");
			this.first.getBean(jakarta.persistence.EntityManager.class).persist(company);
			this.first.getBean(CustomerRepository.class).save(new Customer("Ada", company));
		});

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(queries.countByStatus(null))
				.containsEntry(DeliveryStatus.SUCCEEDED, succeededBefore + 31)
				.containsEntry(DeliveryStatus.PENDING, 0L)
				.containsEntry(DeliveryStatus.IN_FLIGHT, 0L)
				.containsEntry(DeliveryStatus.FAILED, 0L));
		List<RecordedRequest> requests = requestsOfType("invoice.paid", "customers.created");
		assertThat(requests).hasSize(31);
		assertThat(requests).extracting((request) -> request.getHeaders().get("webhook-id"))
			.doesNotHaveDuplicates();
		requests.forEach(AbstractKafkaDispatchIntegrationTests::verifySignature);
		for (String id : ids) {
			assertThat(queries.attempts(id)).as(id).hasSize(1);
		}
		assertThat(this.first.getBean(OutboxRelay.class).relayedCount()).isGreaterThanOrEqualTo(31);
		assertThat(this.second.getBeansOfType(OutboxRelay.class)).isEmpty();
		// the worker's leases are not a candidate for the application's own injection points
		assertThat(this.first.getBean(DeliveryLeases.class))
			.isInstanceOf(JdbcDeliveryLeases.class);
		assertThat(this.second.getBean(DeliveryDispatcher.class).isRunning()).isTrue();
	}

	@Test
	void aFailedAttemptWaitsInTheOutboxUntilDueAndIsPublishedAgain() {
		this.failOnce.add("report.ready");
		List<String> ids = new TransactionTemplate(this.first.getBean(PlatformTransactionManager.class))
			.execute((status) -> this.first.getBean(WebhookPublisher.class)
				.publish("report.ready", Map.of("report", "Q3")));
		DeliveryQueries queries = this.first.getBean(DeliveryQueries.class);
		String id = ids.get(0);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(queries.find(id).orElseThrow().status())
				.isEqualTo(DeliveryStatus.SUCCEEDED));
		assertThat(queries.attempts(id)).extracting((attempt) -> attempt.statusCode()).containsExactly(500, 204);
		assertThat(requestsOfType("report.ready")).hasSize(2);
	}

	@Test
	void anOperatorsRetryIsPublishedAgainAtOnce() {
		List<String> ids = new TransactionTemplate(this.first.getBean(PlatformTransactionManager.class))
			.execute((status) -> this.first.getBean(WebhookPublisher.class)
				.publish("order.refunded", Map.of("order", "A-1")));
		String id = ids.get(0);
		DeliveryQueries queries = this.first.getBean(DeliveryQueries.class);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(queries.find(id).orElseThrow().status())
				.isEqualTo(DeliveryStatus.SUCCEEDED));
		// as if its attempts had run out: retry takes failed deliveries only
		new org.springframework.jdbc.core.JdbcTemplate(this.first.getBean(javax.sql.DataSource.class))
			.update("UPDATE webhooks_deliveries SET status = 'FAILED' WHERE id = ?", id);

		OperationReport.Changed report = this.first.getBean(WebhookOperations.class)
			.retry(OperationArguments.parse(Map.of("ids", id)::get, Instant.now()));

		assertThat(report.deliveries()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(queries.find(id).orElseThrow().status())
				.isEqualTo(DeliveryStatus.SUCCEEDED));
		assertThat(requestsOfType("order.refunded")).hasSize(2);
		assertThat(queries.attempts(id)).hasSize(2);
	}

	@Test
	void theHealthShowsTheRelay() {
		Map<String, Object> details = this.first.getBean(WebhooksHealthIndicator.class).health().getDetails();
		assertThat(details).containsKey("relay");
		@SuppressWarnings("unchecked")
		Map<String, Object> relay = (Map<String, Object>) details.get("relay");
		assertThat(relay).containsEntry("running", true).containsKey("lastRelayAt").containsKey("relayedCount");
		assertThat(relay.get("lastRelayAt")).isNotNull();
		assertThat(relay).doesNotContainKey("lastError");
		assertThat(this.second.getBean(WebhooksHealthIndicator.class).health().getDetails())
			.doesNotContainKey("relay")
			.containsEntry("dispatcherRunning", true);
	}

	private List<RecordedRequest> requestsOfType(String... types) {
		Set<String> wanted = Set.of(types);
		return this.received.stream().filter((request) -> wanted.contains(type(request))).toList();
	}

	private static String type(RecordedRequest request) {
		String body = request.getBody().string(StandardCharsets.UTF_8);
		int at = body.indexOf("\"type\":\"");
		return (at < 0) ? "" : body.substring(at + 8, body.indexOf('"', at + 8));
	}

	private static void verifySignature(RecordedRequest request) {
		new SignatureVerifier(Duration.ofMinutes(5), Clock.systemUTC()).verify(request.getHeaders().get("webhook-id"),
				request.getHeaders().get("webhook-timestamp"), request.getHeaders().get("webhook-signature"),
				request.getBody().toByteArray(), List.of(WebhookSecret.parse(SECRET)));
	}

}
