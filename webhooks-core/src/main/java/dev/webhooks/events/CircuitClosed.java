package dev.webhooks.events;

import java.time.Instant;
import java.util.Objects;

import dev.webhooks.delivery.Target;

/**
 * A target's circuit closed on one instance: a probe succeeded, and its deliveries are sent again.
 *
 * @param target the target
 * @param instance the lease owner of the instance whose circuit closed
 * @param occurredAt when
 */
public record CircuitClosed(Target target, String instance, Instant occurredAt) implements OperationalEvent {

	public CircuitClosed {
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(instance, "instance");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	@Override
	public String type() {
		return "endpoint.circuit.closed";
	}

}
