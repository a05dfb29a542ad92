package dev.webhooks.integration.hooks;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.hooks.HookDefinition;
import dev.webhooks.hooks.HookService;
import dev.webhooks.operations.OperationArguments;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code webhooks.capture.on-failure=store-as-failed}: a change whose payload cannot be written commits, and the
 * loss is a {@code FAILED} delivery carrying the reason, counted as a failed capture and never retried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractCaptureFailureIntegrationTests {

	private TestDatabase database;

	private MockWebServer receiver;

	private ConfigurableApplicationContext context;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void startApplication() throws Exception {
		this.database = TestDatabase.create(databaseKind());
		this.receiver = new MockWebServer();
		this.receiver.setDispatcher(new mockwebserver3.Dispatcher() {

			@Override
			public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
				return new MockResponse.Builder().code(200).build();
			}

		});
		this.receiver.start();
		this.context = new SpringApplicationBuilder(HooksTestApplication.class).web(WebApplicationType.NONE)
			.properties(this.database.springProperties())
			.properties("spring.jpa.hibernate.ddl-auto=create", "webhooks.app-id=shop",
					"webhooks.http.allow-private-addresses=true", "webhooks.dispatch.poll-interval=100ms",
					"webhooks.capture.on-failure=store-as-failed",
					"webhooks.servers.warehouse.url=" + this.receiver.url("/warehouse"),
					"webhooks.servers.warehouse.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
			.run();
	}

	@AfterAll
	void stopApplication() throws Exception {
		if (this.context != null) {
			this.context.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void aHookWhosePayloadFailsGetsAFailedDeliveryWithTheReasonWhileTheChangeAndTheOtherHooksGoThrough() {
		HookService hooks = this.context.getBean(HookService.class);
		String failing = hooks.create(HookDefinition.builder("erp", "Article", this.receiver.url("/erp").toString())
			.events("created")
			.serializer("failing")
			.build()).hook().id();
		String audit = hooks.create(HookDefinition.builder("audit", "Article", this.receiver.url("/audit").toString())
			.events("created")
			.build()).hook().id();
		try {
			ArticleRepository articles = this.context.getBean(ArticleRepository.class);
			Article saved = articles.save(new Article("Lamp", new BigDecimal("20.00"), "CH", "Bern"));

			assertThat(articles.findById(saved.getId())).isPresent();
			Delivery failed = only(Target.hook(failing));
			assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
			assertThat(failed.attemptCount()).isZero();
			assertThat(failed.payload()).isEmpty();
			assertThat(failed.completedAt()).isNotNull();
			assertThat(failed.lastError()).contains("serializer 'failing' of hook 'erp' failed");
			assertThat(failed.entityId()).isEqualTo(String.valueOf(saved.getId()));
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(only(Target.hook(audit)).status()).isEqualTo(DeliveryStatus.SUCCEEDED));
			assertThat(capturesCounted("Article", "failed")).isEqualTo(1);
			assertThat(capturesCounted("Article", "captured")).isEqualTo(1);
		}
		finally {
			hooks.delete(failing);
			hooks.delete(audit);
		}
	}

	@Test
	void aPeerMessageThatCannotBeSerializedGetsAFailedDeliveryForItsServerAndTheChangeCommits() {
		SensorRepository sensors = this.context.getBean(SensorRepository.class);
		double failedBefore = capturesCounted("Sensor", "failed");
		Sensor broken = sensors.save(new Sensor("boiler", "broken"));
		sensors.save(new Sensor("attic", "21.5"));

		assertThat(sensors.findById(broken.getId())).isPresent();
		List<Delivery> deliveries = store().queries().search(DeliverySearch.newest(100).withTarget(Target.server("warehouse")));
		Delivery failed = deliveries.stream()
			.filter((delivery) -> String.valueOf(broken.getId()).equals(delivery.entityId()))
			.findFirst()
			.orElseThrow();
		assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(failed.eventType()).isEqualTo("sensors.created");
		assertThat(failed.lastError()).contains("the sensor's reading is unreadable");
		assertThat(failed.payload()).isEmpty();
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(store().queries().search(DeliverySearch.newest(100).withStatus(DeliveryStatus.SUCCEEDED).withTarget(Target.server("warehouse")))).anySatisfy((sent) -> assertThat(sent.payload()).contains("attic")));
		assertThat(capturesCounted("Sensor", "failed")).isEqualTo(failedBefore + 1);
	}

	@Test
	void deliveriesTheCaptureStoredAsFailedAreNeitherRetriedNorResent() {
		SensorRepository sensors = this.context.getBean(SensorRepository.class);
		Sensor broken = sensors.save(new Sensor("cellar", "broken"));
		Delivery failed = store().queries().search(DeliverySearch.newest(100).withStatus(DeliveryStatus.FAILED).withTarget(Target.server("warehouse")))
			.stream()
			.filter((delivery) -> String.valueOf(broken.getId()).equals(delivery.entityId()))
			.findFirst()
			.orElseThrow();

		WebhookOperations operations = this.context.getBean(WebhookOperations.class);
		assertThat(operations.retry(OperationArguments.parse(java.util.Map.of("ids", failed.id())::get, Instant.now()))
			.deliveries())
			.isZero();
		assertThat(store().commands().retry(DeliverySelection.ids(List.of(failed.id())), Instant.now())).isZero();
		assertThat(store().queries().find(failed.id())).hasValueSatisfying(
				(delivery) -> assertThat(delivery.status()).isEqualTo(DeliveryStatus.FAILED));
	}

	private Delivery only(Target target) {
		List<Delivery> deliveries = store().queries().search(DeliverySearch.newest(10).withTarget(target));
		assertThat(deliveries).hasSize(1);
		return deliveries.get(0);
	}

	private JdbcOutbox store() {
		return JdbcOutbox.of(this.context::getBean);
	}

	private double capturesCounted(String entityType, String outcome) {
		var counter = this.context.getBean(MeterRegistry.class)
			.find("webhooks.captures")
			.tag("entity.type", entityType)
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
