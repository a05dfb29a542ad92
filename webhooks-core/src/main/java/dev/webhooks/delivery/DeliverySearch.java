package dev.webhooks.delivery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One page of a listing of the outbox, newest first; {@code null} fields do not filter. Pages are read by keyset:
 * the next page starts after the last delivery of this one ({@link #after(Delivery)}), so page 1,000 costs what
 * page 1 costs.
 * <p>
 * Example: the failed deliveries of the {@code billing} server, 50 at a time:
 * {@code DeliverySearch.newest(50).withStatus(DeliveryStatus.FAILED).withTarget(Target.server("billing"))}.
 *
 * @param status only this status
 * @param target only this target
 * @param entityType only deliveries of captured changes of this entity
 * @param eventType only this event type
 * @param createdFrom only deliveries created at or after this time
 * @param createdBefore only deliveries created before this time
 * @param afterCreatedAt with {@code afterId}: only deliveries listed after the one created then with that id
 * @param afterId the id of the last delivery of the previous page
 * @param limit the most deliveries to return
 */
public record DeliverySearch(@Nullable DeliveryStatus status, @Nullable Target target, @Nullable String entityType,
		@Nullable String eventType, @Nullable Instant createdFrom, @Nullable Instant createdBefore,
		@Nullable Instant afterCreatedAt, @Nullable String afterId, int limit) {

	public DeliverySearch {
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative, got " + limit);
		}
		if ((afterCreatedAt == null) != (afterId == null)) {
			throw new IllegalArgumentException("afterCreatedAt and afterId go together, got " + afterCreatedAt
					+ " and " + afterId);
		}
	}

	/** The newest deliveries, unfiltered. */
	public static DeliverySearch newest(int limit) {
		return new DeliverySearch(null, null, null, null, null, null, null, null, limit);
	}

	public DeliverySearch withStatus(@Nullable DeliveryStatus status) {
		return new DeliverySearch(status, this.target, this.entityType, this.eventType, this.createdFrom,
				this.createdBefore, this.afterCreatedAt, this.afterId, this.limit);
	}

	public DeliverySearch withTarget(@Nullable Target target) {
		return new DeliverySearch(this.status, target, this.entityType, this.eventType, this.createdFrom,
				this.createdBefore, this.afterCreatedAt, this.afterId, this.limit);
	}

	public DeliverySearch withEntityType(@Nullable String entityType) {
		return new DeliverySearch(this.status, this.target, entityType, this.eventType, this.createdFrom,
				this.createdBefore, this.afterCreatedAt, this.afterId, this.limit);
	}

	public DeliverySearch withEventType(@Nullable String eventType) {
		return new DeliverySearch(this.status, this.target, this.entityType, eventType, this.createdFrom,
				this.createdBefore, this.afterCreatedAt, this.afterId, this.limit);
	}

	/** Only deliveries created in {@code [from, before)}; either end may be {@code null}. */
	public DeliverySearch withCreated(@Nullable Instant from, @Nullable Instant before) {
		return new DeliverySearch(this.status, this.target, this.entityType, this.eventType, from, before,
				this.afterCreatedAt, this.afterId, this.limit);
	}

	public DeliverySearch withLimit(int limit) {
		return new DeliverySearch(this.status, this.target, this.entityType, this.eventType, this.createdFrom,
				this.createdBefore, this.afterCreatedAt, this.afterId, limit);
	}

	/** The page after the given delivery, the last of the previous page. */
	public DeliverySearch after(Delivery last) {
		return after(last.createdAt(), last.id());
	}

	/** The page after the delivery created at that time with that id. */
	public DeliverySearch after(@Nullable Instant createdAt, @Nullable String id) {
		return new DeliverySearch(this.status, this.target, this.entityType, this.eventType, this.createdFrom,
				this.createdBefore, createdAt, id, this.limit);
	}

}
