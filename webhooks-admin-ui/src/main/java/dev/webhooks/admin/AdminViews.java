package dev.webhooks.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.DeliveriesPerMinute;
import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryStatus;

/**
 * What the admin JSON API answers with. Secrets are never in them in full: request headers that look like
 * credentials are masked by {@link HeaderMasking}, hook secrets are not included at all.
 */
public final class AdminViews {

	private AdminViews() {
	}

	/**
	 * A delivery in the list.
	 *
	 * @param targetLabel the hook's name for {@code hook:} targets, else the server id
	 */
	public record DeliverySummary(String id, String target, String targetLabel, String eventType,
			@Nullable String entityType, @Nullable String entityId, DeliveryStatus status, int attemptCount,
			@Nullable Integer lastStatusCode, @Nullable String lastError, Instant createdAt, Instant nextAttemptAt,
			@Nullable Instant completedAt) {

		static DeliverySummary of(Delivery delivery, String targetLabel) {
			return new DeliverySummary(delivery.id(), delivery.target().value(), targetLabel, delivery.eventType(),
					delivery.entityType(), delivery.entityId(), delivery.status(), delivery.attemptCount(),
					delivery.lastStatusCode(), delivery.lastError(), delivery.createdAt(), delivery.nextAttemptAt(),
					delivery.completedAt());
		}

	}

	/**
	 * One page of the list.
	 *
	 * @param next the cursor of the next page, or {@code null} on the last one
	 */
	public record DeliveryPage(List<DeliverySummary> items, @Nullable String next) {

	}

	/** A delivery with its request and attempts. */
	public record DeliveryDetail(DeliverySummary delivery, String url, String httpMethod,
			Map<String, String> headers, String payload, List<Attempt> attempts) {

	}

	/** One attempt; the duration in milliseconds. */
	public record Attempt(int attemptNumber, Instant startedAt, long durationMillis, @Nullable Integer statusCode,
			@Nullable String responseExcerpt, @Nullable String error) {

		static Attempt of(DeliveryAttempt attempt) {
			return new Attempt(attempt.attemptNumber(), attempt.startedAt(), attempt.duration().toMillis(),
					attempt.statusCode(), attempt.responseExcerpt(), attempt.error());
		}

	}

	/** The dashboard. */
	public record Dashboard(Instant now, Map<DeliveryStatus, Long> counts, long queueDepth,
			@Nullable Instant oldestPendingCreatedAt, long oldestPendingAgeSeconds, List<FailingTarget> failingTargets,
			Instant chartSince, List<DeliveriesPerMinute> perMinute) {

	}

	/** A target whose deliveries fail. */
	public record FailingTarget(String target, String targetLabel, long failingDeliveries, Instant lastFailureAt,
			@Nullable String lastError) {

	}

	/** How many deliveries an action changed; {@code more} when a capped action left some for another click. */
	public record Changed(int deliveries, boolean more) {

	}

	/** What the page needs to know before it starts. */
	public record Session(@Nullable String user, @Nullable Csrf csrf, @Nullable String hooksApiPath,
			Map<String, List<String>> entityTypes, List<String> events, int pageSize, int chartHours,
			@Nullable String rotationOverlap) {

	}

	/** The CSRF token the page sends with every change, in the header named here. */
	public record Csrf(String headerName, String token) {

	}

}
