package dev.webhooks.dispatch;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.Target;

/**
 * What one dispatcher knows of one target at a moment: its lane, its circuit and its pause. Shown by the admin
 * pages, the Actuator endpoint, health details and metrics.
 *
 * @param target the target
 * @param maxConcurrency the lane's cap on requests in flight, or {@code null} when the target has none
 * @param ratePerSecond the lane's rate limit, 0 when it has none
 * @param inFlight requests handed to workers and not finished
 * @param waiting claimed deliveries waiting in the lane for a place, holding no worker
 * @param circuit the circuit's state: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
 * @param circuitOpenUntil when an open circuit lets its probe through, or null
 * @param lastFailureRate the share of failed calls when the circuit last opened, 0 to 1
 * @param pausedUntil when a throttled target's pause ends, or null when it is not paused
 * @param deferred deliveries given back unsent so far because the lane was full, the circuit open or the target
 * paused
 * @param throttled responses so far that paused the target (429, 503, …)
 */
public record TargetLaneState(Target target, @Nullable Integer maxConcurrency, double ratePerSecond, int inFlight,
		int waiting, String circuit, @Nullable Instant circuitOpenUntil, double lastFailureRate,
		@Nullable Instant pausedUntil, long deferred, long throttled) {

	/** Whether the circuit lets no call through now: open, or half-open with its probe in flight. */
	public boolean circuitOpen() {
		return !"CLOSED".equals(this.circuit);
	}

}
