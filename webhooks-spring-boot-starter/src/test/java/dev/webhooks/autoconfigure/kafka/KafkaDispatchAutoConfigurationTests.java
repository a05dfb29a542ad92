package dev.webhooks.autoconfigure.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.webhooks.autoconfigure.InvalidPropertyValues;
import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.OutboxWakeUp;
import dev.webhooks.autoconfigure.WebhooksAutoConfiguration;
import dev.webhooks.autoconfigure.WebhooksOutboxAutoConfiguration;
import dev.webhooks.autoconfigure.operations.OperationsAutoConfiguration;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.kafka.KafkaDeliveryLeases;
import dev.webhooks.kafka.OutboxRelay;
import dev.webhooks.kafka.RelaySettings;
import dev.webhooks.spring.actuate.RelayStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaDispatchAutoConfigurationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static EmbeddedKafkaKraftBroker broker;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class,
				KafkaAutoConfiguration.class, WebhooksAutoConfiguration.class, WebhooksOutboxAutoConfiguration.class,
				KafkaDispatchAutoConfiguration.class, OperationsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:kafka-autoconfig-${random.uuid}", "webhooks.app-id=shop",
				"webhooks.servers.warehouse.url=https://warehouse.example.com/webhooks/receive",
				"webhooks.servers.warehouse.secret=" + SECRET, "spring.kafka.bootstrap-servers=" + brokers(),
				"webhooks.kafka.topic=webhooks.autoconfig");

	private final ApplicationContextRunner kafkaMode = this.runner.withPropertyValues("webhooks.dispatch.mode=kafka");

	@BeforeAll
	static void startBroker() {
		broker = new EmbeddedKafkaKraftBroker(1, 1, "webhooks.autoconfig");
		broker.afterPropertiesSet();
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	// the runner's properties are read when each test creates it, after the broker started
	private static String brokers() {
		return (broker != null) ? broker.getBrokersAsString() : "localhost:9";
	}

	@Test
	void withoutTheModeTheDispatcherClaimsFromTheOutboxAndNoKafkaClientIsCreated() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DeliveryDispatcher.class)
				.doesNotHaveBean(OutboxRelay.class)
				.doesNotHaveBean(KafkaDeliveryLeases.class)
				.doesNotHaveBean(KafkaWorkerLifecycle.class)
				.doesNotHaveBean(RelayStatus.class)
				.doesNotHaveBean(KafkaDispatchProperties.class);
			assertThat(context.getBeansOfType(OutboxWakeUp.class)).containsOnlyKeys("webhooksDispatcherWakeUp");
		});
	}

	@Test
	void theDatabaseModeIsUnchangedWithoutTheKafkaClientsOnTheClassPath() {
		this.runner.withClassLoader(new FilteredClassLoader(KafkaConsumer.class))
			.withPropertyValues("webhooks.dispatch.mode=database")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(DeliveryDispatcher.class)
				.doesNotHaveBean(OutboxRelay.class));
	}

	@Test
	void inKafkaModeARelayPublishesAndAWorkerDispatcherConsumesWhileEverythingElseKeepsTheOutboxsLeases() {
		this.kafkaMode.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(OutboxRelay.class)
				.hasSingleBean(OutboxRelayLifecycle.class)
				.hasSingleBean(DeliveryDispatcher.class)
				.hasSingleBean(KafkaWorkerLifecycle.class)
				.hasSingleBean(RelayStatus.class);
			assertThat(context.getBean("webhooksKafkaDeliveryLeases")).isInstanceOf(KafkaDeliveryLeases.class);
			// the worker's leases are not offered where the outbox's are wanted
			assertThat(context.getBeanProvider(DeliveryLeases.class).getObject()).isInstanceOf(JdbcDeliveryLeases.class);
			assertThat(context.getBeansOfType(OutboxWakeUp.class)).containsOnlyKeys("webhooksDispatcherWakeUp",
					"webhooksRelayWakeUp");
			OutboxRelay relay = context.getBean(OutboxRelay.class);
			assertThat(relay.settings().topic()).isEqualTo("webhooks.autoconfig");
			assertThat(relay.settings().leaseOwner()).startsWith("shop-relay@");
			assertThat(relay.isRunning()).isTrue();
			assertThat(context.getBean(DeliveryDispatcher.class).isRunning()).isTrue();
		});
	}

	@Test
	void aRelayOnlyInstanceHasNoDispatcher() {
		this.kafkaMode.withPropertyValues("webhooks.kafka.worker.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(OutboxRelay.class)
				.doesNotHaveBean(DeliveryDispatcher.class)
				.doesNotHaveBean(KafkaWorkerLifecycle.class)
				.doesNotHaveBean(KafkaDeliveryLeases.class);
			assertThat(context.getBean(OutboxRelay.class).isRunning()).isTrue();
		});
	}

	@Test
	void aWorkerOnlyInstanceHasNoRelay() {
		this.kafkaMode.withPropertyValues("webhooks.kafka.relay.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(OutboxRelay.class)
				.doesNotHaveBean(RelayStatus.class)
				.hasSingleBean(DeliveryDispatcher.class)
				.hasSingleBean(KafkaWorkerLifecycle.class));
	}

	@Test
	void neitherRelayNorWorkerRunsWhenDispatchIsOff() {
		this.kafkaMode.withPropertyValues("webhooks.dispatch.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(OutboxRelay.class)
				.doesNotHaveBean(DeliveryDispatcher.class));
	}

	@Test
	void theRelayCreatesAMissingTopicWithThePartitionsConfigured() {
		String topic = "webhooks.created-" + UUID.randomUUID();
		this.kafkaMode
			.withPropertyValues("webhooks.kafka.topic=" + topic, "webhooks.kafka.partitions=3",
					"webhooks.kafka.worker.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
					TopicDescription description = admin.describeTopics(java.util.List.of(topic))
						.allTopicNames()
						.get()
						.get(topic);
					assertThat(description.partitions()).hasSize(3);
				}
			});
	}

	@Test
	void kafkaModeWithoutTheKafkaClientsFailsTheStartUpNamingTheMode() {
		this.kafkaMode.withClassLoader(new FilteredClassLoader(KafkaConsumer.class))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageStartingWith("webhooks.dispatch.mode:")
				.hasMessageContaining("org.apache.kafka:kafka-clients"));
	}

	@Test
	void eachInvalidValueFailsTheStartUpNamingItsProperty() {
		Map<String, String> invalid = new LinkedHashMap<>();
		invalid.put("webhooks.kafka.topic", "webhooks deliveries");
		invalid.put("webhooks.kafka.partitions", "0");
		invalid.put("webhooks.kafka.replication-factor", "0");
		invalid.put("webhooks.kafka.group-id", " ");
		invalid.put("webhooks.kafka.relay.batch-size", "0");
		invalid.put("webhooks.kafka.relay.lease", "0s");
		invalid.put("webhooks.kafka.relay.poll-interval", "-1s");
		invalid.put("webhooks.kafka.worker.poll-timeout", "0ms");
		InvalidPropertyValues.assertEachFailsNamingItsProperty(
				this.kafkaMode.withPropertyValues("webhooks.kafka.create-topic=false"), invalid, null);
	}

	@Test
	void aRelayLeaseNoLongerThanAnHttpCallFailsTheStartUp() {
		this.kafkaMode
			.withPropertyValues("webhooks.kafka.relay.lease=30s", "webhooks.http.call-timeout=10s",
					"webhooks.http.connect-retries=2")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageStartingWith("webhooks.kafka.relay.lease:")
				.hasMessageContaining("webhooks.http.call-timeout"));
	}

	@Test
	void theGroupIdDefaultsToTheAppIdAndTheDefaultsAreTheRelays() {
		KafkaDispatchProperties properties = new KafkaDispatchProperties();
		assertThat(properties.groupIdOr("shop")).isEqualTo("shop-webhooks");
		properties.setGroupId("billing-workers");
		assertThat(properties.groupIdOr("shop")).isEqualTo("billing-workers");
		RelaySettings defaults = RelaySettings.defaults("relay");
		assertThat(properties.getTopic()).isEqualTo(defaults.topic());
		assertThat(properties.getRelay().getLease()).isEqualTo(defaults.lease());
		assertThat(properties.getRelay().getBatchSize()).isEqualTo(defaults.batchSize());
		assertThat(properties.getRelay().getPollInterval()).isEqualTo(defaults.pollInterval());
		assertThat(properties.getWorker().getPollTimeout()).isEqualTo(Duration.ofMillis(500));
	}

}
