package dev.webhooks.autoconfigure.operations;

import java.time.Clock;
import java.time.Duration;

import dev.webhooks.autoconfigure.OutboxWakeUp;
import dev.webhooks.autoconfigure.PeriodicTaskLifecycle;
import dev.webhooks.autoconfigure.WebhooksOutboxAutoConfiguration;
import dev.webhooks.autoconfigure.WebhooksProperties;
import dev.webhooks.delivery.DeliveryCommands;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.dispatch.TargetStateRecorder;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.eventlog.EventLogPurge;
import dev.webhooks.events.OperationalEventListener;
import dev.webhooks.operations.TargetAutoDisable;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.scheduling.PeriodicTask;
import dev.webhooks.spring.actuate.MicrometerCaptureObserver;
import dev.webhooks.spring.actuate.RelayStatus;
import dev.webhooks.spring.actuate.TargetLaneMetrics;
import dev.webhooks.spring.actuate.WebhooksEndpoint;
import dev.webhooks.spring.actuate.WebhooksHealthIndicator;
import dev.webhooks.spring.actuate.WebhooksMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The operations on the outbox (retry, send now, cancel, monitor, purge, stats), its scheduled purge and the one-shot
 * commands; with Actuator the {@code webhooks} endpoint and health indicator, with Micrometer the metrics.
 */
@AutoConfiguration(after = WebhooksOutboxAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "webhooks.operations.enabled", matchIfMissing = true)
@ConditionalOnBean({ DeliveryQueries.class, DeliveryCommands.class, TargetStates.class })
@EnableConfigurationProperties(OperationsProperties.class)
public final class OperationsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebhookOperations webhookOperations(DeliveryQueries queries, DeliveryCommands commands, TargetStates targets,
			OperationsProperties properties, ObjectProvider<OutboxWakeUp> wakeUps, Clock clock,
			ObjectProvider<OperationalEventListener> events) {
		OperationsProperties.Purge purge = properties.getPurge();
		return new WebhookOperations(queries, commands, targets, clock,
				new WebhookOperations.Settings(purge.getRetention(), purge.getBatchSize(),
						properties.getFailingWindow(), properties.getMaxFailingTargets()),
				OutboxWakeUp.all(wakeUps),
				OperationalEventListener.of(events.orderedStream().toList()));
	}

	@Bean
	@ConditionalOnMissingBean(name = "webhooksOutboxPurge")
	@ConditionalOnBooleanProperty(name = "webhooks.operations.purge.enabled", matchIfMissing = true)
	PeriodicTaskLifecycle webhooksOutboxPurge(WebhookOperations operations, OperationsProperties properties,
			ObjectProvider<EventLogPurge> eventLog) {
		Duration retention = properties.getPurge().getRetention();
		EventLogPurge eventLogPurge = eventLog.getIfAvailable();
		return new PeriodicTaskLifecycle(new PeriodicTask("outbox-purge", properties.getPurge().getInterval(), () -> {
			operations.purge(retention);
			// the event log of runtime hooks, with its own retention
			if (eventLogPurge != null) {
				eventLogPurge.purge();
			}
		}));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "webhooks.operations.auto-disable.enabled", matchIfMissing = true)
	TargetStateRecorder webhooksTargetStateRecorder(TargetStates targets) {
		return new TargetStateRecorder(targets);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "webhooks.operations.auto-disable.enabled", matchIfMissing = true)
	TargetAutoDisable webhooksTargetAutoDisable(TargetStates targets, TargetStateRecorder recorder,
			OperationsProperties properties, WebhooksProperties webhooks, Clock clock,
			ObjectProvider<OperationalEventListener> events) {
		return new TargetAutoDisable(targets, recorder, clock, properties.getAutoDisable().getAfter(),
				webhooks.getDispatch().getLoggerName(), OperationalEventListener.of(events.orderedStream().toList()));
	}

	@Bean
	@ConditionalOnBean(TargetAutoDisable.class)
	@ConditionalOnMissingBean(name = "webhooksTargetAutoDisableCheck")
	PeriodicTaskLifecycle webhooksTargetAutoDisableCheck(TargetAutoDisable autoDisable,
			OperationsProperties properties) {
		return new PeriodicTaskLifecycle(new PeriodicTask("target-auto-disable",
				properties.getAutoDisable().getCheckInterval(), autoDisable::check));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(WebhooksCommandEnvironmentPostProcessor.COMMAND_PROPERTY)
	static class CommandConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebhooksCommandExit webhooksCommandExit(ConfigurableApplicationContext context) {
			return (status) -> System.exit(SpringApplication.exit(context, () -> status));
		}

		@Bean
		WebhooksCommandRunner webhooksCommandRunner(WebhookOperations operations, Environment environment,
				Clock clock, WebhooksCommandExit exit) {
			return new WebhooksCommandRunner(operations, environment, clock, exit, System.out);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(WebhooksEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebhooksEndpoint webhooksEndpoint(WebhookOperations operations, Clock clock,
				ObjectProvider<DeliveryDispatcher> dispatcher) {
			return new WebhooksEndpoint(operations, clock, () -> {
				DeliveryDispatcher available = dispatcher.getIfAvailable();
				return (available != null) ? available.targetLanes() : null;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("webhooks")
	@ConditionalOnBooleanProperty(name = "webhooks.operations.health.enabled", matchIfMissing = true)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "webhooksHealthIndicator")
		WebhooksHealthIndicator webhooksHealthIndicator(WebhookOperations operations,
				ObjectProvider<DeliveryDispatcher> dispatcher, ObjectProvider<RelayStatus> relay,
				OperationsProperties properties, Clock clock) {
			return new WebhooksHealthIndicator(operations, dispatcher.getIfAvailable(), relay.getIfAvailable(), clock,
					properties.getHealth().getMaxPendingAge(), properties.getHealth().getStallTimeout(),
					properties.getHealth().getTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "webhooks.operations.metrics.enabled", matchIfMissing = true)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebhooksMetrics webhooksMetrics(MeterRegistry registry, DeliveryQueries queries, TargetStates targets,
				OperationsProperties properties, Clock clock) {
			return new WebhooksMetrics(registry, queries, targets, clock,
					properties.getMetrics().getQueueRefreshInterval());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(DeliveryDispatcher.class)
		TargetLaneMetrics webhooksTargetLaneMetrics(MeterRegistry registry, DeliveryDispatcher dispatcher) {
			return new TargetLaneMetrics(registry, dispatcher);
		}

		@Bean
		@ConditionalOnMissingBean
		MicrometerCaptureObserver webhooksCaptureObserver(MeterRegistry registry) {
			return new MicrometerCaptureObserver(registry);
		}

	}

}
