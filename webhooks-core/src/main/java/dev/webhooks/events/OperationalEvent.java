package dev.webhooks.events;

import java.time.Instant;

import dev.webhooks.delivery.Target;

/**
 * Something that happened to a target or to one of its deliveries, which its operators should hear of. Each kind has
 * a {@link #type()} named like Svix's operational webhooks where one fits ({@code endpoint.disabled},
 * {@code message.attempt.exhausted}).
 */
public sealed interface OperationalEvent permits TargetDisabled, TargetEnabled, CircuitOpened, CircuitClosed,
		DeliveryExhausted {

	/** The target the event is about. */
	Target target();

	/** When it happened. */
	Instant occurredAt();

	/** The event type, as sent in an operational webhook: e.g. {@code endpoint.disabled}. */
	String type();

}
