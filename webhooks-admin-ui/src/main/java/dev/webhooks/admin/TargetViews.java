package dev.webhooks.admin;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the admin API answers about targets ({@code <admin>/api/targets}). The lane, circuit and pause are this
 * instance's own view: each instance keeps its own. URLs are shown without credentials.
 */
public final class TargetViews {

	private TargetViews() {
	}

	/**
	 * One target in the list.
	 *
	 * @param target the stored form: a server id, or {@code hook:<id>}
	 * @param kind {@code server} or {@code hook}
	 * @param id the server id, or the hook id
	 * @param label the server id, or the hook's name
	 * @param url where it is sent, without user info and with query values hidden; null when unknown (a deleted hook,
	 * a server no longer configured)
	 * @param state {@code disabled}, {@code circuit-open}, {@code throttled} or {@code ok}, the first that holds
	 * @param enabled whether deliveries are sent to it; a disabled target's deliveries are parked
	 * @param disabledSince when it was disabled
	 * @param disabledReason {@code gone}, {@code failing} or {@code operator}, when this instance heard of it
	 * @param disabledBy the user who disabled it in the admin pages, when known
	 * @param circuit {@code closed}, {@code open} or {@code half-open}; null when this instance runs no dispatcher
	 * @param circuitOpenUntil when an open circuit lets its probe through
	 * @param throttledUntil when the pause the target asked for (429, 503, …) ends
	 * @param inFlight requests to it in flight from this instance
	 * @param waiting claimed deliveries waiting in its lane
	 * @param maxConcurrency its lane's cap on requests in flight, or null for none
	 * @param ratePerSecond its rate limit, 0 for none
	 * @param failingDeliveries its deliveries waiting for a retry or failed for good, in the failing window
	 * @param lastFailureAt when the last of them failed
	 * @param lastError that failure's error
	 * @param hookEnabled for a hook, whether the hook itself is enabled (apart from the target's state)
	 */
	public record TargetSummary(String target, String kind, String id, String label, @Nullable String url,
			String state, boolean enabled, @Nullable Instant disabledSince, @Nullable String disabledReason,
			@Nullable String disabledBy, @Nullable String circuit, @Nullable Instant circuitOpenUntil,
			@Nullable Instant throttledUntil, int inFlight, int waiting, @Nullable Integer maxConcurrency,
			double ratePerSecond, long failingDeliveries, @Nullable Instant lastFailureAt, @Nullable String lastError,
			@Nullable Boolean hookEnabled) {

	}

	/**
	 * The targets.
	 *
	 * @param dispatcher whether this instance runs a dispatcher, whose lanes and circuits are shown
	 */
	public record TargetList(Instant now, boolean dispatcher, List<TargetSummary> items) {

	}

	/**
	 * One target with its counts.
	 *
	 * @param lastFailureRate the share of failed calls when its circuit last opened, 0 to 1
	 * @param deferred deliveries given back unsent because the lane was full, the circuit open or the target paused
	 * @param throttledResponses responses that paused the target so far
	 * @param pendingDeliveries its {@code PENDING} deliveries, counted up to {@code countLimit}
	 * @param parkedDeliveries those of them parked because the target is disabled
	 * @param countLimit the counts stop here: {@code pendingDeliveries == countLimit} means at least that many
	 */
	public record TargetDetail(TargetSummary target, boolean dispatcher, double lastFailureRate, long deferred,
			long throttledResponses, int pendingDeliveries, int parkedDeliveries, int countLimit) {

	}

	/** What an operator action did, with the target as it is now. */
	public record TargetChanged(String action, int deliveries, TargetDetail target) {

	}

}
