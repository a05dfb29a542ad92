package dev.webhooks.dispatch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;

/**
 * Records whether each target's latest attempt succeeded, for auto-disable. The dispatcher's outcome writer calls it
 * with each batch of outcomes it wrote, on its one thread, so at most one write per target is in flight per
 * dispatcher and no worker waits for it; only changes since the last recorded state are written, all in one call.
 */
public final class TargetStateRecorder {

	private static final Logger logger = LoggerFactory.getLogger(TargetStateRecorder.class);

	private final TargetStates states;

	/** Whether each target's last recorded attempt succeeded, so that only changes are written. */
	private final Map<Target, Boolean> recorded = new ConcurrentHashMap<>();

	public TargetStateRecorder(TargetStates states) {
		this.states = Objects.requireNonNull(states, "states");
	}

	/**
	 * Records the latest result of each target of a batch, writing the targets whose state changed.
	 * @param succeeded whether the latest attempt of each target in the batch succeeded
	 */
	public void record(Map<Target, Boolean> succeeded, Instant at) {
		Map<Target, Boolean> changes = new LinkedHashMap<>();
		succeeded.forEach((target, ok) -> {
			if (!ok.equals(this.recorded.get(target))) {
				changes.put(target, ok);
			}
		});
		if (changes.isEmpty()) {
			return;
		}
		try {
			this.states.recordAttempts(changes, at);
			this.recorded.putAll(changes);
		}
		catch (RuntimeException ex) {
			// not remembered, so recorded again with the target's next outcome
			logger.debug("Could not record the state of {} target(s)", changes.size(), ex);
		}
	}

	/**
	 * Disables a target that answered 410 Gone and parks its pending deliveries.
	 * @return whether it was enabled until now; false too when the write failed (logged)
	 */
	public boolean disableGone(Target target, Instant at) {
		try {
			boolean disabled = this.states.disableTarget(target, at);
			this.recorded.remove(target);
			return disabled;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not disable target '{}' after it answered 410 Gone; it is disabled with its next 410",
					target, ex);
			return false;
		}
	}

	/** Forgets what was recorded, so that every target is written again with its next outcome. */
	public void forget() {
		this.recorded.clear();
	}

}
