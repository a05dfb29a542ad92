package dev.webhooks.observation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP request of one attempt: an HTTP client observation. A tracer writes the propagation headers
 * ({@code traceparent}, {@code tracestate}) into the carrier when it starts, and they go out with the request, so the
 * receiving application continues the trace.
 */
public final class RequestContext extends SenderContext<Map<String, String>> {

	RequestContext(String method, String url, String target, String webhookId) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		}, Kind.CLIENT);
		setCarrier(new LinkedHashMap<>());
		setRemoteServiceName(target);
		setContextualName(method + " " + target);
		addLowCardinalityKeyValue(KeyValue.of(WebhooksObservations.TARGET, target));
		addLowCardinalityKeyValue(KeyValue.of(WebhooksObservations.METHOD, method));
		addHighCardinalityKeyValue(KeyValue.of(WebhooksObservations.URL, url));
		addHighCardinalityKeyValue(KeyValue.of(WebhooksObservations.WEBHOOK_ID, webhookId));
	}

	/** Starts observing a request as a child of the given attempt; a no-op registry makes no context at all. */
	public static Observation start(ObservationRegistry registry, Observation attempt, String method, String url,
			String target, String webhookId) {
		return Observation
			.createNotStarted(WebhooksObservations.REQUEST, () -> new RequestContext(method, url, target, webhookId),
					registry)
			.parentObservation(attempt.isNoop() ? null : attempt)
			.start();
	}

	/** The propagation headers to send with the request; empty without a tracer. */
	public static Map<String, String> propagationHeaders(Observation request) {
		if (request.getContext() instanceof RequestContext context) {
			Map<String, String> carrier = context.getCarrier();
			return (carrier == null) ? Map.of() : carrier;
		}
		return Map.of();
	}

	/** The response's status, or none when the request got no response. */
	public static void responded(Observation request, @Nullable Integer status) {
		if (!request.isNoop()) {
			request.lowCardinalityKeyValue(WebhooksObservations.STATUS_CLASS, WebhooksObservations.statusClass(status));
			if (status != null) {
				request.highCardinalityKeyValue(WebhooksObservations.STATUS_CODE, status.toString());
			}
		}
	}

}
