package dev.webhooks.spring.actuate;

import java.util.Objects;

import dev.webhooks.realtime.pusher.PusherRealtimeTransport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the Pusher transport: {@code webhooks.realtime.pusher.skipped} (function counter), channel pushes
 * skipped because nobody was subscribed to the channel.
 */
public final class PusherTransportMetrics {

	public PusherTransportMetrics(MeterRegistry registry, PusherRealtimeTransport transport) {
		Objects.requireNonNull(registry, "registry");
		Objects.requireNonNull(transport, "transport");
		FunctionCounter.builder("webhooks.realtime.pusher.skipped", transport, PusherRealtimeTransport::skippedCount)
			.description("Pusher channel pushes skipped because the channel was vacated")
			.baseUnit("pushes")
			.register(registry);
	}

}
