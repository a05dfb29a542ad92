package dev.webhooks.spring.actuate;

import java.util.Objects;

import dev.webhooks.capture.CaptureObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts captures in {@code webhooks.captures} (tags {@code entity.type} and {@code outcome}: {@code captured} or
 * {@code failed}) and the deliveries they wrote in {@code webhooks.captures.deliveries} (tag {@code entity.type}).
 */
public class MicrometerCaptureObserver implements CaptureObserver {

	private final MeterRegistry registry;

	public MicrometerCaptureObserver(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry");
	}

	@Override
	public void captured(String entityType, String eventType, int deliveries) {
		captures(entityType, "captured").increment();
		Counter.builder("webhooks.captures.deliveries")
			.description("Deliveries written by captured entity changes")
			.tag("entity.type", entityType)
			.register(this.registry)
			.increment(deliveries);
	}

	@Override
	public void captureFailed(String entityType, String eventType, Throwable cause) {
		captures(entityType, "failed").increment();
	}

	private Counter captures(String entityType, String outcome) {
		return Counter.builder("webhooks.captures")
			.description("Captured entity changes")
			.tag("entity.type", entityType)
			.tag("outcome", outcome)
			.register(this.registry);
	}

}
