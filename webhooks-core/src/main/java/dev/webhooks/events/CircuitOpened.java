package dev.webhooks.events;

import java.time.Instant;
import java.util.Objects;

import dev.webhooks.delivery.Target;

/**
 * A target's circuit opened on one instance: too many of its recent calls failed, so its deliveries are deferred,
 * not attempted, until one probe succeeds after the cool-down.
 *
 * @param target the target
 * @param failureRate the share of failed calls in the window that opened it, 0 to 1
 * @param probeAt when the first probe may go through
 * @param instance the lease owner of the instance whose circuit opened
 * @param occurredAt when
 */
public record CircuitOpened(Target target, double failureRate, Instant probeAt, String instance,
		Instant occurredAt) implements OperationalEvent {

	public CircuitOpened {
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(probeAt, "probeAt");
		Objects.requireNonNull(instance, "instance");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	@Override
	public String type() {
		return "endpoint.circuit.opened";
	}

}
