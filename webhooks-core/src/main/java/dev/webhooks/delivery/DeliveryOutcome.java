package dev.webhooks.delivery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a dispatcher decided after an attempt: the attempt to record and the delivery's next state.
 *
 * @param attempt the attempt to record
 * @param leaseOwner the dispatcher that claimed the delivery; the outcome is ignored if the lease moved on
 * @param status {@code SUCCEEDED}, {@code PENDING} (retry at {@code nextAttemptAt}) or {@code FAILED}
 * @param nextAttemptAt when to try again, for {@code PENDING}
 * @param countsAttempt whether the attempt spends one of the delivery's attempts; not when the target asked to be
 * left alone for a while (429, 503) or said it is gone (410): that is the target's state, not the delivery's failure
 */
public record DeliveryOutcome(DeliveryAttempt attempt, String leaseOwner, DeliveryStatus status,
		@Nullable Instant nextAttemptAt, boolean countsAttempt) {

	/** An outcome whose attempt counts. */
	public DeliveryOutcome(DeliveryAttempt attempt, String leaseOwner, DeliveryStatus status,
			@Nullable Instant nextAttemptAt) {
		this(attempt, leaseOwner, status, nextAttemptAt, true);
	}

	public String deliveryId() {
		return this.attempt.deliveryId();
	}

}
