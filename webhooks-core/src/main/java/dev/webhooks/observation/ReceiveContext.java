package dev.webhooks.observation;

import java.util.function.Function;

import dev.webhooks.message.WebhookMessage;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * One received message, from its signature check to its {@code @WebhookHandler}. Inside an instrumented web server
 * (Spring MVC's server observation, which already continued the sender's trace from {@code traceparent}) it is a
 * child of the server's observation; anywhere else the {@link Remote} form reads the propagation headers itself.
 */
public class ReceiveContext extends Observation.Context {

	ReceiveContext(@Nullable String source) {
		describe(this, source);
	}

	/**
	 * Starts observing a received message; a no-op registry makes no context at all.
	 * @param header the request's headers by (case-insensitive) name
	 */
	public static Observation start(ObservationRegistry registry, Function<String, @Nullable String> header,
			@Nullable String source) {
		if (registry.isNoop()) {
			return Observation.NOOP;
		}
		if (registry.getCurrentObservation() != null) {
			return Observation.createNotStarted(WebhooksObservations.RECEIVE, () -> new ReceiveContext(source), registry)
				.start();
		}
		return Observation.createNotStarted(WebhooksObservations.RECEIVE, () -> new Remote(header, source), registry)
			.start();
	}

	/** The answer given, and the message once it was read. */
	public static void answered(Observation observation, int status, @Nullable WebhookMessage message) {
		if (observation.isNoop()) {
			return;
		}
		observation.lowCardinalityKeyValue(WebhooksObservations.STATUS_CLASS, WebhooksObservations.statusClass(status));
		observation.highCardinalityKeyValue(WebhooksObservations.STATUS_CODE, Integer.toString(status));
		observation.lowCardinalityKeyValue(WebhooksObservations.OUTCOME,
				(status == 204) ? "handled" : (status >= 200 && status < 300) ? "already-handled" : "rejected");
		if (message != null) {
			observation.contextualName("receive " + message.type());
			observation.lowCardinalityKeyValue(WebhooksObservations.EVENT_TYPE, message.type());
			observation.highCardinalityKeyValue(WebhooksObservations.WEBHOOK_ID, message.id());
		}
	}

	private static void describe(Observation.Context context, @Nullable String source) {
		context.setContextualName("receive");
		context.addLowCardinalityKeyValue(
				KeyValue.of(WebhooksObservations.SOURCE, (source != null && !source.isBlank()) ? source : "none"));
		context.addLowCardinalityKeyValue(KeyValue.of(WebhooksObservations.EVENT_TYPE, "none"));
	}

	/** A received message outside an instrumented server: a consumer that continues the trace of the request. */
	public static final class Remote extends ReceiverContext<Function<String, @Nullable String>> {

		Remote(Function<String, @Nullable String> header, @Nullable String source) {
			super((carrier, key) -> carrier.apply(key), Kind.CONSUMER);
			setCarrier(header);
			describe(this, source);
		}

	}

}
