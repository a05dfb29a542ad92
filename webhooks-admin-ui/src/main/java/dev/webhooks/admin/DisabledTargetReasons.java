package dev.webhooks.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.Target;
import dev.webhooks.events.OperationalEvent;
import dev.webhooks.events.OperationalEventListener;
import dev.webhooks.events.TargetDisabled;
import dev.webhooks.events.TargetEnabled;

/**
 * Why each target was disabled, as heard from the {@link TargetDisabled} events of this instance. The target states
 * store only when a target was disabled, not why; this record is kept in memory, so after a restart, or for a target
 * disabled by another instance, the admin pages show the target as disabled without a reason.
 */
public final class DisabledTargetReasons implements OperationalEventListener {

	/** The most targets remembered; the oldest is forgotten first. */
	static final int MAX_TARGETS = 10_000;

	private final Map<Target, Reason> reasons = new LinkedHashMap<>();

	@Override
	public void onEvent(OperationalEvent event) {
		if (event instanceof TargetDisabled disabled) {
			put(disabled.target(), new Reason(disabled.reason().value(), disabled.occurredAt(), null));
		}
		else if (event instanceof TargetEnabled enabled) {
			remove(enabled.target());
		}
	}

	/** Notes who disabled a target an operator disabled just now through the admin pages. */
	synchronized void disabledBy(Target target, @Nullable String user) {
		Reason reason = this.reasons.get(target);
		if (reason != null && user != null) {
			this.reasons.put(target, new Reason(reason.reason(), reason.at(), user));
		}
	}

	/** Why the target was last disabled, if this instance heard of it. */
	public synchronized Optional<Reason> reason(Target target) {
		return Optional.ofNullable(this.reasons.get(target));
	}

	private synchronized void put(Target target, Reason reason) {
		this.reasons.remove(target);
		this.reasons.put(target, reason);
		if (this.reasons.size() > MAX_TARGETS) {
			this.reasons.remove(this.reasons.keySet().iterator().next());
		}
	}

	private synchronized void remove(Target target) {
		this.reasons.remove(target);
	}

	/**
	 * Why and when a target was disabled.
	 *
	 * @param reason {@code gone}, {@code failing} or {@code operator}
	 * @param at when
	 * @param by the user who disabled it through the admin pages, or null
	 */
	public record Reason(String reason, Instant at, @Nullable String by) {

	}

}
