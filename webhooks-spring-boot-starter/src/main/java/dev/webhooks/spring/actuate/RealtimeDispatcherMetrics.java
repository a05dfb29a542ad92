package dev.webhooks.spring.actuate;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

import dev.webhooks.realtime.RealtimeDispatcher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the realtime push, read from the {@link RealtimeDispatcher}'s own counts at scrape time:
 * <ul>
 * <li>{@code webhooks.realtime.events} (function counter; tag {@code outcome}: {@code pushed}, {@code failed},
 * {@code dropped}): events sent by a transport, failed in a transport (both counted once per transport), and dropped
 * because the push queue was full.</li>
 * <li>{@code webhooks.realtime.queue} (gauge): committed transactions whose events wait to be pushed.</li>
 * </ul>
 */
public final class RealtimeDispatcherMetrics {

	public RealtimeDispatcherMetrics(MeterRegistry registry, RealtimeDispatcher dispatcher) {
		Objects.requireNonNull(registry, "registry");
		Objects.requireNonNull(dispatcher, "dispatcher");
		registerEvents(registry, dispatcher, "pushed", RealtimeDispatcher::pushedCount);
		registerEvents(registry, dispatcher, "failed", RealtimeDispatcher::failedCount);
		registerEvents(registry, dispatcher, "dropped", RealtimeDispatcher::droppedCount);
		Gauge.builder("webhooks.realtime.queue", dispatcher, RealtimeDispatcher::queuedTransactions)
			.description("Committed transactions whose realtime events wait to be pushed")
			.baseUnit("transactions")
			.register(registry);
	}

	private static void registerEvents(MeterRegistry registry, RealtimeDispatcher dispatcher, String outcome,
			ToDoubleFunction<RealtimeDispatcher> count) {
		FunctionCounter.builder("webhooks.realtime.events", dispatcher, count)
			.description("Realtime events by what became of them")
			.tag("outcome", outcome)
			.baseUnit("events")
			.register(registry);
	}

}
