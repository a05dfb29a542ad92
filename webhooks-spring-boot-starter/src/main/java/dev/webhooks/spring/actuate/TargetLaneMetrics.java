package dev.webhooks.spring.actuate;

import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.TargetLaneState;

/**
 * Gauges of this instance's target lanes: {@code webhooks.targets.circuits.open} (targets whose circuit lets no call
 * through), {@code webhooks.targets.paused} (targets paused after 429/503), {@code webhooks.targets.lanes.in-flight}
 * and {@code webhooks.targets.lanes.waiting} (claimed deliveries waiting in lanes without a worker), and the counter
 * {@code webhooks.targets.deferred} (deliveries given back unsent, their attempt not counted).
 */
public final class TargetLaneMetrics {

	private final DeliveryDispatcher dispatcher;

	public TargetLaneMetrics(MeterRegistry registry, DeliveryDispatcher dispatcher) {
		this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
		gauge(registry, "webhooks.targets.circuits.open", "Targets whose circuit is open on this instance",
				(lanes) -> lanes.stream().filter(TargetLaneState::circuitOpen).count());
		gauge(registry, "webhooks.targets.paused", "Targets paused after asking for it (429, 503, ...)",
				(lanes) -> lanes.stream().filter((lane) -> lane.pausedUntil() != null).count());
		gauge(registry, "webhooks.targets.lanes.in-flight", "Deliveries handed to workers, all lanes",
				(lanes) -> lanes.stream().mapToInt(TargetLaneState::inFlight).sum());
		gauge(registry, "webhooks.targets.lanes.waiting", "Claimed deliveries waiting in lanes without a worker",
				(lanes) -> lanes.stream().mapToInt(TargetLaneState::waiting).sum());
		gauge(registry, "webhooks.targets.deferred", "Deliveries deferred unsent by lanes, circuits and pauses",
				(lanes) -> lanes.stream().mapToLong(TargetLaneState::deferred).sum());
	}

	private void gauge(MeterRegistry registry, String name, String description,
			ToDoubleFunction<List<TargetLaneState>> value) {
		Gauge.builder(name, this, (metrics) -> value.applyAsDouble(metrics.dispatcher.targetLanes()))
			.description(description)
			.register(registry);
	}

}
