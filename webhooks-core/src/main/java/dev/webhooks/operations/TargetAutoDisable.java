package dev.webhooks.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryStore;
import dev.webhooks.dispatch.DeliveryListener;

/**
 * Disables a target whose every attempt has failed for longer than a period (5 days by default). As a
 * {@link DeliveryListener} it records when each target starts and stops failing, writing only on changes; a
 * {@link #check()} run on a schedule disables the targets failing for too long and parks their pending deliveries:
 * they are kept, not sent, until the target is enabled again with the {@code enable-target} operation.
 */
public final class TargetAutoDisable implements DeliveryListener {

	private final DeliveryStore store;

	private final Clock clock;

	private final Duration after;

	private final Logger logger;

	/** Whether each target was failing at its last recorded attempt, so that only changes are written. */
	private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

	/**
	 * @param store the outbox
	 * @param clock the time of attempts and checks
	 * @param after how long a target must fail continuously to be disabled
	 * @param loggerName the logger for the line saying a target was disabled
	 */
	public TargetAutoDisable(DeliveryStore store, Clock clock, Duration after, String loggerName) {
		this.store = Objects.requireNonNull(store, "store");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.after = Objects.requireNonNull(after, "after");
		this.logger = LoggerFactory.getLogger(loggerName);
	}

	@Override
	public void attemptSucceeded(Delivery delivery, DeliveryAttempt attempt) {
		record(delivery.target(), false);
	}

	@Override
	public void attemptFailed(Delivery delivery, DeliveryAttempt attempt, Instant nextAttemptAt) {
		record(delivery.target(), true);
	}

	@Override
	public void deliveryFailed(Delivery delivery, DeliveryAttempt attempt) {
		record(delivery.target(), true);
	}

	private void record(String target, boolean failed) {
		Boolean previous = this.failing.put(target, failed);
		if (previous == null || previous != failed) {
			try {
				this.store.recordTargetAttempt(target, !failed, this.clock.instant());
			}
			catch (RuntimeException ex) {
				// recorded again with the next attempt
				this.failing.remove(target);
				this.logger.debug("Could not record an attempt of target '{}'", target, ex);
			}
		}
	}

	/**
	 * Disables the targets failing for longer than the period, logging each, and parks the pending deliveries of
	 * every disabled target, including those written since it was disabled. Returns the newly disabled targets.
	 */
	public List<String> check() {
		Instant now = this.clock.instant();
		List<String> disabled = this.store.disableFailingTargets(now.minus(this.after), now);
		for (String target : disabled) {
			this.logger.warn("Target '{}' disabled: every attempt has failed for more than {}. Its deliveries are"
					+ " kept and sent once it is enabled again (operation enable-target)", target, this.after);
		}
		this.store.parkDisabledTargets(now);
		// forget what was recorded, so a target enabled meanwhile is recorded afresh
		this.failing.clear();
		return disabled;
	}

}
