package dev.webhooks.autoconfigure.realtime;

import java.util.List;

import dev.webhooks.autoconfigure.WebhooksAutoConfiguration;
import dev.webhooks.realtime.RealtimeDispatcher;
import dev.webhooks.realtime.RealtimeEvent;
import dev.webhooks.spring.actuate.PusherTransportMetrics;
import dev.webhooks.spring.actuate.RealtimeDispatcherMetrics;
import dev.webhooks.spring.actuate.SseChannelHubMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RealtimeMetricsAutoConfigurationTests {

	private static final String[] PUSHER = { "webhooks.realtime.pusher.app-id=1", "webhooks.realtime.pusher.key=k",
			"webhooks.realtime.pusher.secret=s" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WebhooksAutoConfiguration.class, RealtimeAutoConfiguration.class,
						RealtimeMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WebhooksAutoConfiguration.class, RealtimeAutoConfiguration.class,
						RealtimeMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void theDispatcherCountsAreMeteredByOutcomeWithTheQueueBesideThem() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RealtimeDispatcherMetrics.class)
				.doesNotHaveBean(SseChannelHubMetrics.class)
				.doesNotHaveBean(PusherTransportMetrics.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("webhooks.realtime.events").functionCounters()).hasSize(3)
				.extracting((counter) -> counter.getId().getTag("outcome"))
				.containsExactlyInAnyOrder("pushed", "failed", "dropped");
			assertThat(meters.get("webhooks.realtime.queue").gauge().value()).isZero();
		});
	}

	@Test
	void eventsDroppedByAClosedDispatcherAreCounted() {
		this.runner.run((context) -> {
			RealtimeDispatcher dispatcher = context.getBean(RealtimeDispatcher.class);
			dispatcher.close();
			RealtimeEvent event = new RealtimeEvent("order.created", List.of("orders"), "Order", "1", "{}", null);
			dispatcher.dispatch(List.of(event, event));
			assertThat(context.getBean(MeterRegistry.class)
				.get("webhooks.realtime.events")
				.tag("outcome", "dropped")
				.functionCounter()
				.count()).isEqualTo(2);
		});
	}

	@Test
	void aWebApplicationAlsoMetersItsServerSentEventsConnections() {
		this.webRunner.run((context) -> {
			assertThat(context).hasSingleBean(SseChannelHubMetrics.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("webhooks.realtime.sse.connections").gauge().value()).isZero();
			assertThat(meters.get("webhooks.realtime.sse.dropped").functionCounter().count()).isZero();
		});
	}

	@Test
	void thePusherTransportCountsTheChannelsItSkipped() {
		this.runner.withPropertyValues(PUSHER).run((context) -> {
			assertThat(context).hasSingleBean(PusherTransportMetrics.class);
			assertThat(context.getBean(MeterRegistry.class).get("webhooks.realtime.pusher.skipped").functionCounter())
				.isNotNull();
		});
	}

	@Test
	void theMetricsSwitchesTurnThemOff() {
		this.webRunner.withPropertyValues("webhooks.operations.metrics.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(RealtimeDispatcher.class)
				.doesNotHaveBean(RealtimeDispatcherMetrics.class)
				.doesNotHaveBean(SseChannelHubMetrics.class);
			assertThat(context.getBean(MeterRegistry.class).find("webhooks.realtime.events").meters()).isEmpty();
		});
		this.runner.withPropertyValues("webhooks.operations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RealtimeDispatcherMetrics.class));
	}

	@Test
	void withoutRealtimeOrWithoutARegistryThereIsNothingToMeter() {
		this.runner.withPropertyValues("webhooks.realtime.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RealtimeDispatcherMetrics.class));
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(WebhooksAutoConfiguration.class, RealtimeAutoConfiguration.class,
						RealtimeMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(RealtimeDispatcher.class)
				.doesNotHaveBean(RealtimeDispatcherMetrics.class));
	}

	@Test
	void worksWithoutMicrometerOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RealtimeDispatcherMetrics.class));
	}

	@Test
	void anApplicationsOwnMetricsBeanIsKept() {
		this.runner.withUserConfiguration(OwnMetrics.class)
			.run((context) -> assertThat(context).hasSingleBean(RealtimeDispatcherMetrics.class)
				.hasBean("ownMetrics"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMetrics {

		@Bean
		RealtimeDispatcherMetrics ownMetrics(RealtimeDispatcher dispatcher) {
			return new RealtimeDispatcherMetrics(new SimpleMeterRegistry(), dispatcher);
		}

	}

}
