package dev.webhooks.delivery;

/**
 * Where a delivery is in its life. {@code PENDING -> IN_FLIGHT -> SUCCEEDED | PENDING (retry) | FAILED};
 * {@code CANCELLED} only by an operator. {@code FAILED} and {@code CANCELLED} can be resent.
 */
public enum DeliveryStatus {

	/** Waiting for its next attempt time. */
	PENDING,

	/** Claimed by a dispatcher that holds a lease on it. */
	IN_FLIGHT,

	/** The target answered 2xx. */
	SUCCEEDED,

	/** Every attempt failed, or the target is gone (410). */
	FAILED,

	/** Cancelled before it could be delivered. */
	CANCELLED;

	/** Whether no dispatcher will touch the delivery again unless it is resent. */
	public boolean isFinished() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
