package dev.webhooks.observation;

import java.util.Map;

import dev.webhooks.delivery.Delivery;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * One attempt of one delivery, on a dispatch worker: a consumer of the outbox whose carrier is the trace context
 * stored when the delivery was captured, so that a tracer makes each attempt a child of the capture, in the same
 * trace; a delivery captured without a tracer starts a trace of its own.
 */
public final class DispatchContext extends ReceiverContext<Map<String, String>> {

	DispatchContext(Delivery delivery) {
		super((carrier, key) -> carrier.get(key), Kind.CONSUMER);
		setCarrier(delivery.traceContext());
		setContextualName("deliver " + delivery.eventType());
		addLowCardinalityKeyValue(KeyValue.of(WebhooksObservations.TARGET, delivery.target().value()));
		addLowCardinalityKeyValue(KeyValue.of(WebhooksObservations.EVENT_TYPE, delivery.eventType()));
		addHighCardinalityKeyValue(KeyValue.of(WebhooksObservations.WEBHOOK_ID, delivery.id()));
		addHighCardinalityKeyValue(
				KeyValue.of(WebhooksObservations.ATTEMPT, Integer.toString(delivery.attemptCount())));
	}

	/** Starts observing an attempt; a no-op registry makes no context at all. */
	public static Observation start(ObservationRegistry registry, Delivery delivery) {
		return Observation.createNotStarted(WebhooksObservations.DISPATCH, () -> new DispatchContext(delivery), registry)
			.start();
	}

}
