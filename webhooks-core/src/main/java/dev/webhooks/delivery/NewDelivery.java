package dev.webhooks.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A message for one target, about to be written to the outbox in the caller's transaction.
 *
 * @param id the stable message id, sent as {@code webhook-id} on every attempt
 * @param target the target: a configured server or a runtime hook
 * @param url the URL at the time the message was created (the target may resolve a newer one)
 * @param httpMethod the HTTP method, usually {@code POST}
 * @param headers extra request headers (never secrets)
 * @param eventType the event type, e.g. {@code tags.created} or {@code invoice.paid}
 * @param entityType the entity's name for captured changes, else {@code null}
 * @param entityId the entity's id as text for captured changes, else {@code null}
 * @param payload the exact request body
 * @param createdAt when the message was created; it is due at once
 * @param failure why the message could not be prepared, or {@code null}; when set the delivery is stored as
 * {@code FAILED} with this as its last error; with an empty payload it is visible to operators but never retried
 * @param traceContext the propagation headers of the trace it was captured in, stored with it so that its attempts
 * continue that trace; empty when nothing is traced
 */
public record NewDelivery(String id, Target target, String url, String httpMethod, Map<String, String> headers,
		String eventType, @Nullable String entityType, @Nullable String entityId, String payload, Instant createdAt,
		@Nullable String failure, Map<String, String> traceContext) {

	/** A delivery outside any trace. */
	public NewDelivery(String id, Target target, String url, String httpMethod, Map<String, String> headers,
			String eventType, @Nullable String entityType, @Nullable String entityId, String payload,
			Instant createdAt, @Nullable String failure) {
		this(id, target, url, httpMethod, headers, eventType, entityType, entityId, payload, createdAt, failure,
				Map.of());
	}

	/** A delivery that is due at once. */
	public NewDelivery(String id, Target target, String url, String httpMethod, Map<String, String> headers,
			String eventType, @Nullable String entityType, @Nullable String entityId, String payload,
			Instant createdAt) {
		this(id, target, url, httpMethod, headers, eventType, entityType, entityId, payload, createdAt, null);
	}

	public NewDelivery {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(url, "url");
		Objects.requireNonNull(httpMethod, "httpMethod");
		headers = Map.copyOf(headers);
		Objects.requireNonNull(eventType, "eventType");
		Objects.requireNonNull(payload, "payload");
		Objects.requireNonNull(createdAt, "createdAt");
		traceContext = Map.copyOf(traceContext);
	}

	/** This delivery, carrying the given trace context. */
	public NewDelivery withTraceContext(Map<String, String> traceContext) {
		return new NewDelivery(this.id, this.target, this.url, this.httpMethod, this.headers, this.eventType,
				this.entityType, this.entityId, this.payload, this.createdAt, this.failure, traceContext);
	}

}
