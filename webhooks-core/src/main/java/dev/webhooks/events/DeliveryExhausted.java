package dev.webhooks.events;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.Target;

/**
 * A delivery failed for good: its attempts are spent (or it could never be sent), and it will not be tried again
 * unless an operator retries it.
 *
 * @param target the target
 * @param deliveryId the delivery, also the message id sent as {@code webhook-id}
 * @param eventType the delivery's event type
 * @param attempts the attempts made
 * @param lastStatusCode the HTTP status of the last attempt, if it got one
 * @param lastError the error of the last attempt
 * @param occurredAt when
 */
public record DeliveryExhausted(Target target, String deliveryId, String eventType, int attempts,
		@Nullable Integer lastStatusCode, @Nullable String lastError, Instant occurredAt) implements OperationalEvent {

	public DeliveryExhausted {
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(deliveryId, "deliveryId");
		Objects.requireNonNull(eventType, "eventType");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	@Override
	public String type() {
		return "message.attempt.exhausted";
	}

}
