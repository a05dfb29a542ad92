package dev.webhooks.events;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import dev.webhooks.delivery.Target;

/**
 * A target was disabled: its pending deliveries are parked, kept but not sent, until it is enabled again.
 *
 * @param target the target
 * @param reason why it was disabled
 * @param occurredAt when
 */
public record TargetDisabled(Target target, Reason reason, Instant occurredAt) implements OperationalEvent {

	public TargetDisabled {
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	@Override
	public String type() {
		return "endpoint.disabled";
	}

	/** Why a target was disabled. */
	public enum Reason {

		/** It answered 410 Gone, which the Standard Webhooks specification reads as "stop sending". */
		GONE,

		/** Every attempt failed for longer than {@code webhooks.dispatch.auto-disable-after}. */
		FAILING,

		/** An operator disabled it. */
		OPERATOR;

		/** The reason as sent in an operational webhook: {@code gone}, {@code failing} or {@code operator}. */
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
