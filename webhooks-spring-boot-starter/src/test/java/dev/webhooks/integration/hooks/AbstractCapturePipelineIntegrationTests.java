package dev.webhooks.integration.hooks;

import java.util.ArrayList;
import java.util.List;

import dev.webhooks.capture.ChangeSink;
import dev.webhooks.capture.hibernate.HibernateChangeCapture;
import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.Target;
import dev.webhooks.hooks.HookDefinition;
import dev.webhooks.hooks.HookService;
import dev.webhooks.publish.OutboxSink;
import dev.webhooks.realtime.RealtimeSink;
import dev.webhooks.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.spi.EventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One capture pipeline: one Hibernate listener per entity manager factory takes each change once and hands it to
 * the outbox and realtime sinks; a change reaches its servers and its hooks under one event type, in one envelope.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractCapturePipelineIntegrationTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private TestDatabase database;

	private ConfigurableApplicationContext context;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void startApplication() {
		this.database = TestDatabase.create(databaseKind());
		// no dispatcher: the deliveries stay in the outbox as the capture wrote them
		this.context = new SpringApplicationBuilder(HooksTestApplication.class).web(WebApplicationType.NONE)
			.properties(this.database.springProperties())
			.properties("spring.jpa.hibernate.ddl-auto=create", "webhooks.app-id=shop",
					"webhooks.http.allow-private-addresses=true", "webhooks.dispatch.enabled=false",
					"webhooks.servers.warehouse.url=http://localhost:9/warehouse",
					"webhooks.servers.warehouse.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
			.run();
	}

	@AfterAll
	void stopApplication() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void theEntityManagerFactoryHasOneCaptureListenerFeedingTheOutboxAndRealtimeChannels() {
		SessionFactoryImplementor sessionFactory = this.context.getBean(EntityManagerFactory.class)
			.unwrap(SessionFactoryImplementor.class);

		List<HibernateChangeCapture> captures = captures(sessionFactory, EventType.POST_INSERT);
		assertThat(captures).hasSize(1);
		assertThat(captures(sessionFactory, EventType.POST_UPDATE)).containsExactlyElementsOf(captures);
		assertThat(captures(sessionFactory, EventType.POST_DELETE)).containsExactlyElementsOf(captures);
		assertThat(captures.get(0).sinks()).extracting(ChangeSink::getClass)
			.containsExactlyInAnyOrder(OutboxSink.class, RealtimeSink.class);
	}

	@Test
	void aChangeReachesItsServerAndItsHookUnderOneEventTypeInOneEnvelope() {
		HookService hooks = this.context.getBean(HookService.class);
		String hook = hooks.create(HookDefinition.builder("audit", "Sensor", "http://localhost:9/audit")
			.events("created")
			.build()).hook().id();
		try {
			Sensor sensor = this.context.getBean(SensorRepository.class).save(new Sensor("kitchen", "19.5"));

			Delivery toServer = only(Target.server("warehouse"), sensor);
			Delivery toHook = only(Target.hook(hook), sensor);
			assertThat(toServer.eventType()).isEqualTo("sensors.created");
			assertThat(toHook.eventType()).isEqualTo("sensors.created");
			JsonNode server = this.json.readTree(toServer.payload());
			JsonNode hooked = this.json.readTree(toHook.payload());
			for (String field : List.of("type", "source", "topic", "event", "entityType", "entityId", "data")) {
				assertThat(hooked.get(field)).as(field).isEqualTo(server.get(field));
			}
			assertThat(server.get("topic").asString()).isEqualTo("sensors");
			assertThat(server.has("hook")).isFalse();
			assertThat(hooked.get("hook").asString()).isEqualTo("audit");
		}
		finally {
			hooks.delete(hook);
		}
	}

	@Test
	void aRolledBackTransactionLeavesNothingInTheOutbox() {
		SensorRepository sensors = this.context.getBean(SensorRepository.class);
		Sensor kept = new TransactionTemplate(this.context.getBean(PlatformTransactionManager.class))
			.execute((status) -> {
				Sensor sensor = sensors.save(new Sensor("garage", "4.0"));
				sensors.save(new Sensor("garden", "7.5"));
				status.setRollbackOnly();
				return sensor;
			});

		assertThat(sensors.findById(kept.getId())).isEmpty();
		assertThat(deliveries(Target.server("warehouse"), kept)).isEmpty();
	}

	private List<HibernateChangeCapture> captures(SessionFactoryImplementor sessionFactory, EventType<?> type) {
		List<HibernateChangeCapture> captures = new ArrayList<>();
		for (Object listener : sessionFactory.getEventListenerRegistry().getEventListenerGroup(type).listeners()) {
			if (listener instanceof HibernateChangeCapture capture) {
				captures.add(capture);
			}
		}
		return captures;
	}

	private Delivery only(Target target, Sensor sensor) {
		List<Delivery> deliveries = deliveries(target, sensor);
		assertThat(deliveries).hasSize(1);
		return deliveries.get(0);
	}

	private List<Delivery> deliveries(Target target, Sensor sensor) {
		return this.context.getBean(DeliveryQueries.class)
			.search(DeliverySearch.newest(100).withTarget(target))
			.stream()
			.filter((delivery) -> String.valueOf(sensor.getId()).equals(delivery.entityId()))
			.toList();
	}

}
