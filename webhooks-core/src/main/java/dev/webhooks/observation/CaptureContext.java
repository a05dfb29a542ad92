package dev.webhooks.observation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.webhooks.delivery.NewDelivery;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * Capturing one change (or one published message) into the outbox, in the business transaction: a producer. A tracer
 * writes the trace context into the carrier when the observation starts; the deliveries store it, so that their
 * attempts continue the trace of the transaction that made them.
 */
public final class CaptureContext extends SenderContext<Map<String, String>> {

	CaptureContext(String eventType, @Nullable String entityType) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		}, Kind.PRODUCER);
		setCarrier(new LinkedHashMap<>());
		setContextualName("capture " + eventType);
		addLowCardinalityKeyValue(KeyValue.of(WebhooksObservations.EVENT_TYPE, eventType));
		addLowCardinalityKeyValue(
				KeyValue.of(WebhooksObservations.ENTITY_TYPE, (entityType != null) ? entityType : "none"));
	}

	/** Starts observing a capture; a no-op registry makes no context at all. */
	public static Observation start(ObservationRegistry registry, String eventType, @Nullable String entityType) {
		return Observation
			.createNotStarted(WebhooksObservations.CAPTURE, () -> new CaptureContext(eventType, entityType), registry)
			.start();
	}

	/** The trace context a tracer wrote when the observation started; empty without a tracer. */
	public static Map<String, String> traceContext(Observation observation) {
		if (observation.getContext() instanceof CaptureContext context) {
			Map<String, String> carrier = context.getCarrier();
			return (carrier == null || carrier.isEmpty()) ? Map.of() : Map.copyOf(carrier);
		}
		return Map.of();
	}

	/** The deliveries written (ids as {@code webhook.id}) and the outcome: captured, failed, or none. */
	public static void written(Observation observation, List<NewDelivery> deliveries) {
		if (observation.isNoop()) {
			return;
		}
		boolean failed = deliveries.stream().anyMatch((delivery) -> delivery.failure() != null);
		observation.lowCardinalityKeyValue(WebhooksObservations.OUTCOME,
				deliveries.isEmpty() ? "none" : failed ? "failed" : "captured");
		if (!deliveries.isEmpty()) {
			observation.highCardinalityKeyValue(WebhooksObservations.WEBHOOK_ID,
					deliveries.stream().map(NewDelivery::id).collect(Collectors.joining(",")));
		}
	}

}
