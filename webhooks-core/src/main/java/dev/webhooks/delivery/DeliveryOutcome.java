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
 */
public record DeliveryOutcome(DeliveryAttempt attempt, String leaseOwner, DeliveryStatus status,
		@Nullable Instant nextAttemptAt) {

	public String deliveryId() {
		return this.attempt.deliveryId();
	}

}
