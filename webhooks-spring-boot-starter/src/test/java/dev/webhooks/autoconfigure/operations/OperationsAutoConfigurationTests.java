package dev.webhooks.autoconfigure.operations;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.webhooks.signing.Ed25519SigningKey;
import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.WebhooksAutoConfiguration;
import dev.webhooks.autoconfigure.WebhooksCaptureAutoConfiguration;
import dev.webhooks.autoconfigure.WebhooksOutboxAutoConfiguration;
import dev.webhooks.capture.CaptureObserver;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.DeliveryListener;
import dev.webhooks.dispatch.TargetStateRecorder;
import dev.webhooks.dispatch.WebhookTransport;
import dev.webhooks.operations.TargetAutoDisable;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.publish.WebhookPublisher;
import dev.webhooks.spring.actuate.MicrometerCaptureObserver;
import dev.webhooks.spring.actuate.WebhooksEndpoint;
import dev.webhooks.spring.actuate.WebhooksHealthIndicator;
import dev.webhooks.spring.actuate.WebhooksMetrics;
import dev.webhooks.testing.JdbcOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsAutoConfigurationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, WebhooksAutoConfiguration.class,
				WebhooksOutboxAutoConfiguration.class, WebhooksCaptureAutoConfiguration.class,
				OperationsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:operations-${random.uuid}", "webhooks.app-id=shop",
				"webhooks.servers.warehouse.url=https://warehouse.example.com/webhooks/receive",
				"webhooks.servers.warehouse.secret=" + SECRET, "management.endpoints.web.exposure.include=webhooks");

	@Test
	void providesTheOperationsEndpointHealthAndMetricsAndTheDispatcherReportsToTheMetrics() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(WebhookOperations.class)
				.hasBean("webhooksOutboxPurge")
				.hasSingleBean(WebhooksEndpoint.class)
				.hasSingleBean(WebhooksHealthIndicator.class)
				.hasSingleBean(WebhooksMetrics.class)
				.hasSingleBean(MicrometerCaptureObserver.class)
				.doesNotHaveBean(WebhooksCommandRunner.class);
			assertThat(context).getBean("webhooksHealthIndicator").isInstanceOf(WebhooksHealthIndicator.class);
			assertThat(context.getBean(MeterRegistry.class).find("webhooks.queue.depth").gauge()).isNotNull();
			assertThat(context).hasSingleBean(TargetAutoDisable.class).hasBean("webhooksTargetAutoDisableCheck");
			// target states are recorded by the dispatcher's outcome writer, not by a listener on its workers
			assertThat(context).hasSingleBean(TargetStateRecorder.class);
			assertThat(context.getBeanProvider(DeliveryListener.class).orderedStream())
				.containsExactly(context.getBean(WebhooksMetrics.class));
			assertThat(context.getBean(CaptureObserver.class)).isInstanceOf(MicrometerCaptureObserver.class);
		});
	}

	@Test
	void doesNothingAtAllWhenWebhooksAreDisabled() {
		this.runner.withPropertyValues("webhooks.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DeliveryQueries.class)
				.doesNotHaveBean(WebhookPublisher.class)
				.doesNotHaveBean(DeliveryDispatcher.class)
				.doesNotHaveBean(WebhookTransport.class)
				.doesNotHaveBean(WebhooksCaptureAutoConfiguration.class)
				.doesNotHaveBean(WebhookOperations.class)
				.doesNotHaveBean("webhooksOutboxPurge")
				.doesNotHaveBean(WebhooksEndpoint.class)
				.doesNotHaveBean(WebhooksHealthIndicator.class)
				.doesNotHaveBean(WebhooksMetrics.class)
				.doesNotHaveBean(CaptureObserver.class));
	}

	@Test
	void aCaptureOnlyWebNodeWritesDeliveriesAndServesOperationsButDoesNotSend() {
		this.runner.withPropertyValues("webhooks.dispatch.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(WebhookPublisher.class)
				.hasBean("webhooksHibernateChangeCaptureRegistrar")
				.doesNotHaveBean(DeliveryDispatcher.class)
				.doesNotHaveBean(WebhookTransport.class)
				.hasSingleBean(WebhooksEndpoint.class)
				.hasSingleBean(WebhooksHealthIndicator.class));
	}

	@Test
	void aDispatchOnlyWorkerNodeSendsButCapturesNothing() {
		this.runner.withPropertyValues("webhooks.capture.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(DeliveryDispatcher.class)
				.doesNotHaveBean("webhooksHibernateChangeCaptureRegistrar")
				.hasSingleBean(WebhookOperations.class));
	}

	@Test
	void eachPartCanBeSwitchedOff() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=health", "management.health.webhooks.enabled=false",
					"webhooks.operations.metrics.enabled=false", "webhooks.operations.purge.enabled=false",
					"webhooks.operations.auto-disable.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(WebhookOperations.class)
				.doesNotHaveBean(TargetAutoDisable.class)
				.doesNotHaveBean("webhooksTargetAutoDisableCheck")
				.doesNotHaveBean(WebhooksEndpoint.class)
				.doesNotHaveBean(WebhooksHealthIndicator.class)
				.doesNotHaveBean(WebhooksMetrics.class)
				.doesNotHaveBean("webhooksOutboxPurge"));
		this.runner.withPropertyValues("webhooks.operations.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(DeliveryQueries.class)
				.doesNotHaveBean(WebhookOperations.class)
				.doesNotHaveBean(WebhooksEndpoint.class));
	}

	@Test
	void worksWithoutActuatorAndMicrometerOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class, MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(WebhookOperations.class)
				.hasSingleBean(DeliveryDispatcher.class)
				.doesNotHaveBean(WebhooksEndpoint.class)
				.doesNotHaveBean(WebhooksHealthIndicator.class)
				.doesNotHaveBean(WebhooksMetrics.class));
	}

	@Test
	void backsOffForTheApplicationsOwnOperations() {
		JdbcOutbox outbox = JdbcOutbox.of(new org.h2.jdbcx.JdbcDataSource(), tools.jackson.databind.json.JsonMapper.builder().build());
		WebhookOperations own = new WebhookOperations(outbox.queries(), outbox.commands(), outbox.targets(),
				Clock.systemUTC(), WebhookOperations.Settings.defaults(), () -> {
				});
		this.runner.withBean(WebhookOperations.class, () -> own)
			.run((context) -> assertThat(context.getBean(WebhookOperations.class)).isSameAs(own));
	}

	@Test
	void refusesToStartWithAnInvalidSettingNamingTheProperty() {
		this.runner.withPropertyValues("webhooks.operations.purge.batch-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessage("webhooks.operations.purge.batch-size: must be at least 1, but is 0"));
	}

	@Test
	void aCommandRunsOnceStartedAndExitsWithItsStatus() {
		AtomicReference<@Nullable Integer> exit = new AtomicReference<>();
		this.runner.withPropertyValues("webhooks.command=stats")
			.withBean(WebhooksCommandExit.class, () -> exit::set)
			.run((context) -> {
				assertThat(context).hasSingleBean(WebhooksCommandRunner.class);
				context.getBean(WebhooksCommandRunner.class).run(null);
				assertThat(exit.get()).isZero();
			});
	}

	@Test
	void theGenerateSigningKeyCommandPrintsAMatchingKeyPair() {
		this.runner.withPropertyValues("webhooks.command=generate-signing-key")
			.withBean(WebhooksCommandExit.class, () -> (status) -> {
			})
			.run((context) -> {
				ByteArrayOutputStream printed = new ByteArrayOutputStream();
				WebhooksCommandRunner runner = new WebhooksCommandRunner(context.getBean(WebhookOperations.class),
						context.getEnvironment(), Clock.systemUTC(), (status) -> {
						}, new PrintStream(printed, true, StandardCharsets.UTF_8));
				assertThat(runner.runCommand()).isZero();
				String[] lines = printed.toString(StandardCharsets.UTF_8).strip().split("\\R");
				assertThat(lines).hasSize(2);
				assertThat(lines[0]).contains("signing-key");
				assertThat(lines[1]).contains("public-key");
				String secretKey = lines[0].substring(lines[0].lastIndexOf(' ') + 1);
				String publicKey = lines[1].substring(lines[1].lastIndexOf(' ') + 1);
				assertThat(Ed25519SigningKey.parse(secretKey).publicKey()).hasToString(publicKey);
			});
	}

	@Test
	void aCommandTurnsOffTheWebServerTheDispatcherAndTheScheduledPurge() {
		StandardEnvironment environment = new StandardEnvironment();
		new WebhooksCommandEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.web-application-type")).isNull();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("args", Map.of("webhooks.command", "retry")));
		new WebhooksCommandEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
		assertThat(environment.getProperty("webhooks.dispatch.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("webhooks.operations.purge.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("webhooks.operations.auto-disable.enabled")).isEqualTo("false");
	}

	@Test
	void describesEverySettingAndTheCommandInTheConfigurationMetadata() throws Exception {
		try (InputStream metadata = getClass().getClassLoader()
			.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).isNotNull();
			String json = new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(json).contains("\"webhooks.operations.purge.retention\"")
				.contains("\"webhooks.operations.health.max-pending-age\"")
				.contains("\"webhooks.operations.metrics.queue-refresh-interval\"")
				.contains("\"webhooks.command\"")
				.contains("How long finished (succeeded, failed, cancelled) deliveries are kept.");
		}
	}

}
