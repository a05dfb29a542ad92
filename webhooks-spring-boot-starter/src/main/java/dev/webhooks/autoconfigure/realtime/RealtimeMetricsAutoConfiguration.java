package dev.webhooks.autoconfigure.realtime;

import dev.webhooks.realtime.RealtimeDispatcher;
import dev.webhooks.realtime.pusher.PusherRealtimeTransport;
import dev.webhooks.spring.actuate.PusherTransportMetrics;
import dev.webhooks.spring.actuate.RealtimeDispatcherMetrics;
import dev.webhooks.spring.actuate.SseChannelHubMetrics;
import dev.webhooks.spring.realtime.SseChannelHub;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters of the realtime push, where both a {@link MeterRegistry} and the {@link RealtimeDispatcher}
 * exist. They follow the switches of the other metrics: {@code webhooks.operations.enabled} and
 * {@code webhooks.operations.metrics.enabled}.
 */
@AutoConfiguration(after = RealtimeAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, RealtimeDispatcher.class })
@ConditionalOnBooleanProperty(name = "webhooks.operations.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "webhooks.operations.metrics.enabled", matchIfMissing = true)
public final class RealtimeMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RealtimeDispatcherMetrics realtimeDispatcherMetrics(MeterRegistry registry, RealtimeDispatcher dispatcher) {
		return new RealtimeDispatcherMetrics(registry, dispatcher);
	}

	// the hub's class refers to Spring MVC, which an application without a web server may not have
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.servlet.mvc.method.annotation.SseEmitter")
	@ConditionalOnBean(SseChannelHub.class)
	static final class ServerSentEventsMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SseChannelHubMetrics sseChannelHubMetrics(MeterRegistry registry, SseChannelHub hub) {
			return new SseChannelHubMetrics(registry, hub);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.pusher.rest.Pusher")
	@ConditionalOnBean(PusherRealtimeTransport.class)
	static final class PusherMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PusherTransportMetrics pusherTransportMetrics(MeterRegistry registry, PusherRealtimeTransport transport) {
			return new PusherTransportMetrics(registry, transport);
		}

	}

}
