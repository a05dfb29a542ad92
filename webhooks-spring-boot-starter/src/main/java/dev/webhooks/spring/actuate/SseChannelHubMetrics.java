package dev.webhooks.spring.actuate;

import java.util.Objects;

import dev.webhooks.spring.realtime.SseChannelHub;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of this instance's server-sent events connections, read from the {@link SseChannelHub} at scrape time:
 * <ul>
 * <li>{@code webhooks.realtime.sse.connections} (gauge): connections open.</li>
 * <li>{@code webhooks.realtime.sse.dropped} (function counter): connections closed because their client could not
 * keep up.</li>
 * </ul>
 */
public final class SseChannelHubMetrics {

	public SseChannelHubMetrics(MeterRegistry registry, SseChannelHub hub) {
		Objects.requireNonNull(registry, "registry");
		Objects.requireNonNull(hub, "hub");
		Gauge.builder("webhooks.realtime.sse.connections", hub, SseChannelHub::connectionCount)
			.description("Server-sent events connections open on this instance")
			.baseUnit("connections")
			.register(registry);
		FunctionCounter.builder("webhooks.realtime.sse.dropped", hub, SseChannelHub::droppedClientCount)
			.description("Server-sent events connections closed because their client could not keep up")
			.baseUnit("connections")
			.register(registry);
	}

}
