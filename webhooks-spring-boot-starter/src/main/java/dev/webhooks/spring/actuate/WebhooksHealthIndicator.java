package dev.webhooks.spring.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.webhooks.delivery.OutboxStats;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.operations.OperationReport;
import dev.webhooks.operations.WebhookOperations;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the outbox: {@code DOWN} when it cannot be read, {@code OUT_OF_SERVICE} when its oldest unsent
 * delivery has waited longer than {@code maxPendingAge} or this instance's dispatcher has not claimed for longer than
 * {@code stallTimeout}, else {@code UP}. Details: queue depth, oldest pending age, counts by status and failing
 * targets.
 */
public class WebhooksHealthIndicator implements HealthIndicator {

	private final WebhookOperations operations;

	private final @Nullable DeliveryDispatcher dispatcher;

	private final Clock clock;

	private final Duration maxPendingAge;

	private final Duration stallTimeout;

	/** Before its first claim, a dispatcher counts as having claimed when this indicator was created. */
	private final Instant createdAt;

	public WebhooksHealthIndicator(WebhookOperations operations, @Nullable DeliveryDispatcher dispatcher, Clock clock,
			Duration maxPendingAge, Duration stallTimeout) {
		this.operations = Objects.requireNonNull(operations, "operations");
		this.dispatcher = dispatcher;
		this.clock = Objects.requireNonNull(clock, "clock");
		this.maxPendingAge = Objects.requireNonNull(maxPendingAge, "maxPendingAge");
		this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
		this.createdAt = clock.instant();
	}

	@Override
	public Health health() {
		OperationReport.Stats stats;
		try {
			stats = this.operations.stats();
		}
		catch (RuntimeException ex) {
			return Health.down(ex).withDetail("reason", "the outbox cannot be read").build();
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("queueDepth", stats.queueDepth());
		details.put("oldestPendingAgeSeconds", stats.oldestPendingAgeSeconds());
		details.put("counts", stats.counts());
		details.put("failingTargets", failingTargets(stats.failingTargets()));
		List<String> reasons = new ArrayList<>();
		if (Duration.ofSeconds(stats.oldestPendingAgeSeconds()).compareTo(this.maxPendingAge) > 0) {
			reasons.add("the oldest pending delivery has waited " + stats.oldestPendingAgeSeconds()
					+ "s, longer than " + this.maxPendingAge);
		}
		DeliveryDispatcher dispatcher = this.dispatcher;
		if (dispatcher != null) {
			details.put("dispatcherRunning", dispatcher.isRunning());
			Instant lastClaim = dispatcher.lastClaimAt().orElse(this.createdAt);
			details.put("lastClaimAt", lastClaim.toString());
			Duration sinceClaim = Duration.between(lastClaim, this.clock.instant());
			if (dispatcher.isRunning() && sinceClaim.compareTo(this.stallTimeout) > 0) {
				reasons.add("the dispatcher has not claimed for " + sinceClaim.toSeconds() + "s, longer than "
						+ this.stallTimeout);
			}
		}
		Health.Builder health = reasons.isEmpty() ? Health.up() : Health.outOfService();
		if (!reasons.isEmpty()) {
			details.put("reasons", reasons);
		}
		return health.withDetails(details).build();
	}

	private static List<Map<String, Object>> failingTargets(List<OutboxStats.FailingTarget> targets) {
		List<Map<String, Object>> list = new ArrayList<>(targets.size());
		for (OutboxStats.FailingTarget target : targets) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("target", target.target());
			entry.put("failingDeliveries", target.failingDeliveries());
			entry.put("lastFailureAt", target.lastFailureAt().toString());
			if (target.lastError() != null) {
				entry.put("lastError", target.lastError());
			}
			list.add(entry);
		}
		return list;
	}

}
