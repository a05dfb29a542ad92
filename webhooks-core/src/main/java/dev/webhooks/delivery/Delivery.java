package dev.webhooks.delivery;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A row of the outbox as stored.
 *
 * @param id the stable message id, sent as {@code webhook-id}
 * @param target the target: a configured server or a runtime hook
 * @param url the URL captured with the message
 * @param httpMethod the HTTP method
 * @param headers extra request headers
 * @param eventType the event type
 * @param entityType the entity's name for captured changes
 * @param entityId the entity's id as text for captured changes
 * @param payload the exact request body
 * @param status the current status
 * @param attemptCount attempts started so far; a claim counts as the start of an attempt
 * @param nextAttemptAt when the delivery is due
 * @param leaseOwner the dispatcher holding it while {@code IN_FLIGHT}
 * @param leaseExpiresAt when another dispatcher may take it over
 * @param lastStatusCode the HTTP status of the last attempt, if it got one
 * @param lastError the error of the last attempt, if any
 * @param createdAt when it was written
 * @param updatedAt when it last changed
 * @param completedAt when it reached a finished status
 * @param traceContext the propagation headers of the trace that captured it (e.g. {@code traceparent}), which its
 * attempts continue; empty when nothing was traced
 * @param orderingKey the lane of an ordered delivery (see {@link NewDelivery#orderingKey()}), else {@code null}
 */
public record Delivery(String id, Target target, String url, String httpMethod, Map<String, String> headers,
		String eventType, @Nullable String entityType, @Nullable String entityId, String payload,
		DeliveryStatus status, int attemptCount, Instant nextAttemptAt, @Nullable String leaseOwner,
		@Nullable Instant leaseExpiresAt, @Nullable Integer lastStatusCode, @Nullable String lastError,
		Instant createdAt, Instant updatedAt, @Nullable Instant completedAt, Map<String, String> traceContext,
		@Nullable String orderingKey) {

	public Delivery {
		headers = Map.copyOf(headers);
		traceContext = Map.copyOf(traceContext);
	}

	/** An unordered delivery captured in the given trace. */
	public Delivery(String id, Target target, String url, String httpMethod, Map<String, String> headers,
			String eventType, @Nullable String entityType, @Nullable String entityId, String payload,
			DeliveryStatus status, int attemptCount, Instant nextAttemptAt, @Nullable String leaseOwner,
			@Nullable Instant leaseExpiresAt, @Nullable Integer lastStatusCode, @Nullable String lastError,
			Instant createdAt, Instant updatedAt, @Nullable Instant completedAt, Map<String, String> traceContext) {
		this(id, target, url, httpMethod, headers, eventType, entityType, entityId, payload, status, attemptCount,
				nextAttemptAt, leaseOwner, leaseExpiresAt, lastStatusCode, lastError, createdAt, updatedAt,
				completedAt, traceContext, null);
	}

	/** An unordered delivery captured outside any trace. */
	public Delivery(String id, Target target, String url, String httpMethod, Map<String, String> headers,
			String eventType, @Nullable String entityType, @Nullable String entityId, String payload,
			DeliveryStatus status, int attemptCount, Instant nextAttemptAt, @Nullable String leaseOwner,
			@Nullable Instant leaseExpiresAt, @Nullable Integer lastStatusCode, @Nullable String lastError,
			Instant createdAt, Instant updatedAt, @Nullable Instant completedAt) {
		this(id, target, url, httpMethod, headers, eventType, entityType, entityId, payload, status, attemptCount,
				nextAttemptAt, leaseOwner, leaseExpiresAt, lastStatusCode, lastError, createdAt, updatedAt,
				completedAt, Map.of(), null);
	}

}
