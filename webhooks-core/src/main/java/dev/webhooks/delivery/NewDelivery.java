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
 * @param orderingKey the lane of an ordered delivery: it is sent only once every earlier unfinished delivery with the
 * same target and key has finished; {@code null} for a delivery sent as soon as a worker is free
 */
public record NewDelivery(String id, Target target, String url, String httpMethod, Map<String, String> headers,
		String eventType, @Nullable String entityType, @Nullable String entityId, String payload, Instant createdAt,
		@Nullable String failure, Map<String, String> traceContext, @Nullable String orderingKey) {

	/** The longest ordering key the outbox stores. */
	public static final int MAX_ORDERING_KEY = 400;

	/** A delivery outside any trace, in the lane of the given key (or none). */
	public NewDelivery(String id, Target target, String url, String httpMethod, Map<String, String> headers,
			String eventType, @Nullable String entityType, @Nullable String entityId, String payload,
			Instant createdAt, @Nullable String failure, @Nullable String orderingKey) {
		this(id, target, url, httpMethod, headers, eventType, entityType, entityId, payload, createdAt, failure,
				Map.of(), orderingKey);
	}

	/** A delivery in the given trace, sent as soon as a worker is free. */
	public NewDelivery(String id, Target target, String url, String httpMethod, Map<String, String> headers,
			String eventType, @Nullable String entityType, @Nullable String entityId, String payload,
			Instant createdAt, @Nullable String failure, Map<String, String> traceContext) {
		this(id, target, url, httpMethod, headers, eventType, entityType, entityId, payload, createdAt, failure,
				traceContext, null);
	}

	/** A delivery outside any trace, sent as soon as a worker is free. */
	public NewDelivery(String id, Target target, String url, String httpMethod, Map<String, String> headers,
			String eventType, @Nullable String entityType, @Nullable String entityId, String payload,
			Instant createdAt, @Nullable String failure) {
		this(id, target, url, httpMethod, headers, eventType, entityType, entityId, payload, createdAt, failure,
				Map.of(), null);
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
		if (orderingKey != null && (orderingKey.isEmpty() || orderingKey.length() > MAX_ORDERING_KEY)) {
			throw new IllegalArgumentException("The ordering key of delivery " + id + " must have 1 to "
					+ MAX_ORDERING_KEY + " characters, got " + orderingKey.length());
		}
	}

	/** This delivery, carrying the given trace context. */
	public NewDelivery withTraceContext(Map<String, String> traceContext) {
		return new NewDelivery(this.id, this.target, this.url, this.httpMethod, this.headers, this.eventType,
				this.entityType, this.entityId, this.payload, this.createdAt, this.failure, traceContext,
				this.orderingKey);
	}

	/** This delivery in the lane of the given key: sent after the earlier deliveries of that key to its target. */
	public NewDelivery withOrderingKey(@Nullable String orderingKey) {
		return new NewDelivery(this.id, this.target, this.url, this.httpMethod, this.headers, this.eventType,
				this.entityType, this.entityId, this.payload, this.createdAt, this.failure, this.traceContext,
				orderingKey);
	}

}
