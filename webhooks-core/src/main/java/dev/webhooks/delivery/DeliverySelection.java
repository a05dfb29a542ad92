package dev.webhooks.delivery;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Which deliveries a bulk operation (retry, send now, cancel) acts on; {@code null} fields and an empty id list do
 * not filter. Every operation adds the statuses it can act on, so a selection never moves a delivery it must not.
 * <p>
 * Example: the failed deliveries of the {@code billing} server created in the last hour:
 * {@code DeliverySelection.all().withTarget(Target.server("billing")).withStatus(DeliveryStatus.FAILED)
 * .withCreatedFrom(now.minus(Duration.ofHours(1)))}.
 *
 * @param ids only these delivery ids
 * @param target only this target
 * @param entityType only deliveries of captured changes of this entity
 * @param status only this status
 * @param createdFrom only deliveries created at or after this time
 */
public record DeliverySelection(List<String> ids, @Nullable Target target, @Nullable String entityType,
		@Nullable DeliveryStatus status, @Nullable Instant createdFrom) {

	public DeliverySelection {
		ids = List.copyOf(ids);
	}

	/** Every delivery the operation can act on. */
	public static DeliverySelection all() {
		return new DeliverySelection(List.of(), null, null, null, null);
	}

	public static DeliverySelection ids(List<String> ids) {
		return new DeliverySelection(ids, null, null, null, null);
	}

	public DeliverySelection withIds(List<String> ids) {
		return new DeliverySelection(ids, this.target, this.entityType, this.status, this.createdFrom);
	}

	public DeliverySelection withTarget(@Nullable Target target) {
		return new DeliverySelection(this.ids, target, this.entityType, this.status, this.createdFrom);
	}

	public DeliverySelection withEntityType(@Nullable String entityType) {
		return new DeliverySelection(this.ids, this.target, entityType, this.status, this.createdFrom);
	}

	public DeliverySelection withStatus(@Nullable DeliveryStatus status) {
		return new DeliverySelection(this.ids, this.target, this.entityType, status, this.createdFrom);
	}

	public DeliverySelection withCreatedFrom(@Nullable Instant createdFrom) {
		return new DeliverySelection(this.ids, this.target, this.entityType, this.status, createdFrom);
	}

}
