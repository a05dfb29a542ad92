package dev.webhooks.delivery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A filter over the outbox; {@code null} fields do not filter.
 *
 * @param status only this status
 * @param target only this target id
 * @param eventType only this event type
 * @param createdAfter only deliveries created at or after this time
 * @param limit the most rows to return
 */
public record DeliveryQuery(@Nullable DeliveryStatus status, @Nullable String target, @Nullable String eventType,
		@Nullable Instant createdAfter, int limit) {

	public static DeliveryQuery all(int limit) {
		return new DeliveryQuery(null, null, null, null, limit);
	}

	public static DeliveryQuery byStatus(DeliveryStatus status, int limit) {
		return new DeliveryQuery(status, null, null, null, limit);
	}

}
