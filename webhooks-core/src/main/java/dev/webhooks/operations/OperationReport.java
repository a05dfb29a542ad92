package dev.webhooks.operations;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.OutboxStats;
import dev.webhooks.delivery.Target;

/**
 * What an operation did or found. Its components are the endpoint's JSON; {@link #summary()} is the line a command
 * prints and {@link #limitReached()} decides the command's exit status.
 */
public sealed interface OperationReport permits OperationReport.Changed, OperationReport.Monitored,
		OperationReport.Purged, OperationReport.Stats {

	/** One line for people. */
	String summary();

	/** Whether a monitored limit was reached (exit status 1, HTTP 503). */
	default boolean limitReached() {
		return false;
	}

	/**
	 * The result of retry, send now or cancel.
	 * @param operation the operation's name
	 * @param deliveries how many deliveries it changed
	 */
	record Changed(String operation, int deliveries) implements OperationReport {

		@Override
		public String summary() {
			return this.operation + ": " + this.deliveries + " deliveries";
		}

	}

	/**
	 * The result of monitor.
	 * @param status the status counted
	 * @param count deliveries in the status
	 * @param limit the count at which the limit is reached
	 * @param createdFrom only deliveries created at or after then were counted, or all when {@code null}
	 * @param limitReached whether {@code count >= limit}
	 */
	record Monitored(DeliveryStatus status, long count, long limit, @Nullable Instant createdFrom,
			boolean limitReached) implements OperationReport {

		@Override
		public String summary() {
			return "monitor: " + this.count + " " + this.status + " deliveries"
					+ ((this.createdFrom != null) ? " created from " + this.createdFrom : "") + ", limit "
					+ this.limit + (this.limitReached ? ": LIMIT REACHED" : ": ok");
		}

	}

	/**
	 * The result of purge.
	 * @param completedBefore finished deliveries completed before this time were deleted
	 * @param deliveries how many deliveries were deleted, with their attempts
	 * @param batches how many transactions it took
	 * @param millis how long it took
	 */
	record Purged(Instant completedBefore, long deliveries, int batches, long millis) implements OperationReport {

		@Override
		public String summary() {
			return "purge: " + this.deliveries + " finished deliveries completed before " + this.completedBefore
					+ " deleted in " + this.batches + " batches (" + this.millis + " ms)";
		}

	}

	/**
	 * The outbox statistics.
	 * @param counts deliveries per status
	 * @param queueDepth deliveries not sent yet ({@code PENDING} and {@code IN_FLIGHT})
	 * @param oldestPendingCreatedAt when the oldest of them was created
	 * @param oldestPendingAgeSeconds how long it has waited
	 * @param failingTargets targets with recent failures
	 * @param disabledTargets targets disabled after failing too long, by stored form, with when; their deliveries
	 * wait
	 */
	record Stats(Map<DeliveryStatus, Long> counts, long queueDepth, @Nullable Instant oldestPendingCreatedAt,
			long oldestPendingAgeSeconds, List<FailingTarget> failingTargets,
			Map<String, Instant> disabledTargets) implements OperationReport {

		static Stats of(OutboxStats stats, Map<Target, Instant> disabledTargets, Instant now) {
			Map<String, Instant> disabled = new TreeMap<>();
			disabledTargets.forEach((target, since) -> disabled.put(target.value(), since));
			return new Stats(stats.counts(), stats.queueDepth(), stats.oldestPendingCreatedAt(),
					stats.oldestPendingAge(now).toSeconds(),
					stats.failingTargets().stream().map(FailingTarget::of).toList(),
					Collections.unmodifiableMap(disabled));
		}

		@Override
		public String summary() {
			StringBuilder text = new StringBuilder("stats: ");
			for (DeliveryStatus status : DeliveryStatus.values()) {
				text.append(status).append('=').append(this.counts.get(status)).append(' ');
			}
			text.append("oldest pending ").append(this.oldestPendingAgeSeconds).append("s");
			for (FailingTarget target : this.failingTargets) {
				text.append(System.lineSeparator())
					.append("  failing target '")
					.append(target.target())
					.append("': ")
					.append(target.failingDeliveries())
					.append(" deliveries, last at ")
					.append(target.lastFailureAt())
					.append(": ")
					.append(target.lastError());
			}
			this.disabledTargets.forEach((target, since) -> text.append(System.lineSeparator())
				.append("  disabled target '")
				.append(target)
				.append("' since ")
				.append(since));
			return text.toString();
		}

	}

	/**
	 * A target whose deliveries recently failed, as the endpoint shows it.
	 * @param target the target's stored form: a server id, or {@code hook:<id>} for a runtime hook
	 * @param failingDeliveries deliveries of the target that are waiting for a retry or failed for good
	 * @param lastFailureAt when the last of them failed
	 * @param lastError the error of that failure
	 */
	record FailingTarget(String target, long failingDeliveries, Instant lastFailureAt, @Nullable String lastError) {

		static FailingTarget of(OutboxStats.FailingTarget target) {
			return new FailingTarget(target.target().value(), target.failingDeliveries(), target.lastFailureAt(),
					target.lastError());
		}

	}

}
