package dev.webhooks.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.dispatch.TargetStateRecorder;
import dev.webhooks.events.OperationalEventListener;
import dev.webhooks.events.TargetDisabled;

/**
 * Disables a target whose every attempt has failed for longer than a period (5 days by default). The dispatcher
 * records when each target starts and stops failing, through a {@link TargetStateRecorder}, with the outcomes it
 * writes; a {@link #check()} run on a schedule disables the targets failing for too long and parks their pending
 * deliveries: they are kept, not sent, until the target is enabled again with the {@code enable-target} operation.
 */
public final class TargetAutoDisable {

	private final TargetStates store;

	private final TargetStateRecorder recorder;

	private final Clock clock;

	private final Duration after;

	private final Logger logger;

	private final OperationalEventListener events;

	/**
	 * @param store the target states
	 * @param recorder what the dispatcher records target states with; forgotten at each check
	 * @param clock the time of checks
	 * @param after how long a target must fail continuously to be disabled
	 * @param loggerName the logger for the line saying a target was disabled
	 */
	public TargetAutoDisable(TargetStates store, TargetStateRecorder recorder, Clock clock, Duration after,
			String loggerName) {
		this(store, recorder, clock, after, loggerName, OperationalEventListener.NONE);
	}

	/**
	 * @param events hears of each target disabled
	 */
	public TargetAutoDisable(TargetStates store, TargetStateRecorder recorder, Clock clock, Duration after,
			String loggerName, OperationalEventListener events) {
		this.events = Objects.requireNonNull(events, "events");
		this.store = Objects.requireNonNull(store, "store");
		this.recorder = Objects.requireNonNull(recorder, "recorder");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.after = Objects.requireNonNull(after, "after");
		this.logger = LoggerFactory.getLogger(loggerName);
	}

	/**
	 * Disables the targets failing for longer than the period, logging each, and parks the pending deliveries of
	 * every disabled target, including those written since it was disabled. Returns the newly disabled targets.
	 */
	public List<Target> check() {
		Instant now = this.clock.instant();
		List<Target> disabled = this.store.disableFailingTargets(now.minus(this.after), now);
		for (Target target : disabled) {
			this.logger.warn("Target '{}' disabled: every attempt has failed for more than {}. Its deliveries are"
					+ " kept and sent once it is enabled again (operation enable-target)", target, this.after);
			try {
				this.events.onEvent(new TargetDisabled(target, TargetDisabled.Reason.FAILING, now));
			}
			catch (RuntimeException ex) {
				this.logger.warn("Operational event listener failed on endpoint.disabled", ex);
			}
		}
		this.store.parkDisabledTargets(now);
		// forget what was recorded, so a target enabled meanwhile is recorded afresh
		this.recorder.forget();
		return disabled;
	}

}
