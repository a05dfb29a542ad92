package dev.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the outbox for operators: how many deliveries are in each status, how old the oldest unsent one is,
 * and which targets are failing.
 *
 * @param counts deliveries per status; every status is present
 * @param oldestPendingCreatedAt when the oldest {@code PENDING} or {@code IN_FLIGHT} delivery was created, or
 * {@code null} when none waits
 * @param failingTargets targets with recent failed attempts, most recently failed first
 */
public record OutboxStats(Map<DeliveryStatus, Long> counts, @Nullable Instant oldestPendingCreatedAt,
		List<FailingTarget> failingTargets) {

	public OutboxStats {
		EnumMap<DeliveryStatus, Long> all = new EnumMap<>(DeliveryStatus.class);
		for (DeliveryStatus status : DeliveryStatus.values()) {
			all.put(status, counts.getOrDefault(status, 0L));
		}
		counts = Map.copyOf(all);
		failingTargets = List.copyOf(failingTargets);
	}

	public long count(DeliveryStatus status) {
		return this.counts.get(status);
	}

	/** {@code PENDING} plus {@code IN_FLIGHT}: deliveries not sent yet. */
	public long queueDepth() {
		return count(DeliveryStatus.PENDING) + count(DeliveryStatus.IN_FLIGHT);
	}

	/** How long the oldest unsent delivery has waited at {@code now}; zero when none waits. */
	public Duration oldestPendingAge(Instant now) {
		Instant oldest = this.oldestPendingCreatedAt;
		if (oldest == null || oldest.isAfter(now)) {
			return Duration.ZERO;
		}
		return Duration.between(oldest, now);
	}

	/**
	 * A target whose deliveries recently failed.
	 *
	 * @param target the target
	 * @param failingDeliveries deliveries of the target that are waiting for a retry or failed for good
	 * @param lastFailureAt when the last of them failed
	 * @param lastError the error of that failure
	 */
	public record FailingTarget(Target target, long failingDeliveries, Instant lastFailureAt,
			@Nullable String lastError) {

	}

}
