package dev.webhooks.events;

import java.time.Instant;
import java.util.Objects;

import dev.webhooks.delivery.Target;

/**
 * A disabled target was enabled again: its parked deliveries are due now.
 *
 * @param target the target
 * @param deliveriesDue how many parked deliveries became due
 * @param occurredAt when
 */
public record TargetEnabled(Target target, int deliveriesDue, Instant occurredAt) implements OperationalEvent {

	public TargetEnabled {
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	@Override
	public String type() {
		return "endpoint.enabled";
	}

}
