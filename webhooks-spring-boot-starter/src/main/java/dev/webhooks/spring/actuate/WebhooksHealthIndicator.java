package dev.webhooks.spring.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.operations.OperationReport;
import dev.webhooks.operations.WebhookOperations;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the outbox: {@code DOWN} when it cannot be read, {@code OUT_OF_SERVICE} when its oldest unsent
 * delivery has waited longer than {@code maxPendingAge} or this instance's dispatcher has not claimed for longer than
 * {@code stallTimeout}, or its outbox relay (Kafka mode) has not finished a round for longer than {@code stallTimeout},
 * else {@code UP}. Details: queue depth, oldest pending age, counts by status and failing targets, and the relay's
 * state when there is one.
 * <p>
 * The check has a time budget of its own, {@code timeout}: when the database does not answer in time (an outage, where
 * the pool would wait its whole connection timeout) the indicator answers {@code DOWN} at once. The read goes on in the
 * background, and later checks wait for that same read rather than starting more.
 */
public class WebhooksHealthIndicator implements HealthIndicator {

	private final WebhookOperations operations;

	private final @Nullable DeliveryDispatcher dispatcher;

	private final @Nullable RelayStatus relay;

	private final Clock clock;

	private final Duration maxPendingAge;

	private final Duration stallTimeout;

	private final Duration timeout;

	// the read of the outbox in progress, shared by the checks made while it lasts
	private final AtomicReference<@Nullable CompletableFuture<OperationReport.Stats>> reading = new AtomicReference<>();

	/** Before its first claim, a dispatcher counts as having claimed when this indicator was created. */
	private final Instant createdAt;

	public WebhooksHealthIndicator(WebhookOperations operations, @Nullable DeliveryDispatcher dispatcher, Clock clock,
			Duration maxPendingAge, Duration stallTimeout, Duration timeout) {
		this(operations, dispatcher, null, clock, maxPendingAge, stallTimeout, timeout);
	}

	public WebhooksHealthIndicator(WebhookOperations operations, @Nullable DeliveryDispatcher dispatcher,
			@Nullable RelayStatus relay, Clock clock, Duration maxPendingAge, Duration stallTimeout,
			Duration timeout) {
		this.operations = Objects.requireNonNull(operations, "operations");
		this.dispatcher = dispatcher;
		this.relay = relay;
		this.clock = Objects.requireNonNull(clock, "clock");
		this.maxPendingAge = Objects.requireNonNull(maxPendingAge, "maxPendingAge");
		this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
		this.timeout = Objects.requireNonNull(timeout, "timeout");
		this.createdAt = clock.instant();
	}

	@Override
	public Health health() {
		OperationReport.Stats stats;
		try {
			stats = read().get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return Health.down()
				.withDetail("reason", "the outbox did not answer within " + this.timeout)
				.build();
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return Health.down(cause).withDetail("reason", "the outbox cannot be read").build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.unknown().withDetail("reason", "interrupted").build();
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("queueDepth", stats.queueDepth());
		details.put("oldestPendingAgeSeconds", stats.oldestPendingAgeSeconds());
		details.put("counts", stats.counts());
		details.put("failingTargets", failingTargets(stats.failingTargets()));
		if (!stats.disabledTargets().isEmpty()) {
			Map<String, String> disabled = new LinkedHashMap<>();
			stats.disabledTargets().forEach((target, since) -> disabled.put(target, since.toString()));
			details.put("disabledTargets", disabled);
		}
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
			// details only: an open circuit is the target's trouble, not this application's
			details.put("openCircuits", dispatcher.targetLanes()
				.stream()
				.filter(dev.webhooks.dispatch.TargetLaneState::circuitOpen)
				.map((lane) -> lane.target().value())
				.toList());
			details.put("pausedTargets", dispatcher.targetLanes()
				.stream()
				.filter((lane) -> lane.pausedUntil() != null)
				.map((lane) -> lane.target().value())
				.toList());
			if (dispatcher.isRunning() && sinceClaim.compareTo(this.stallTimeout) > 0) {
				reasons.add("the dispatcher has not claimed for " + sinceClaim.toSeconds() + "s, longer than "
						+ this.stallTimeout);
			}
		}
		RelayStatus relay = this.relay;
		if (relay != null) {
			Map<String, Object> relayDetails = new LinkedHashMap<>();
			relayDetails.put("running", relay.isRunning());
			Instant lastRelay = relay.lastRelayAt();
			relayDetails.put("lastRelayAt", (lastRelay != null) ? lastRelay.toString() : null);
			relayDetails.put("relayedCount", relay.relayedCount());
			String lastError = relay.lastError();
			if (lastError != null) {
				relayDetails.put("lastError", lastError);
			}
			details.put("relay", relayDetails);
			// a relay that cannot publish (broker down, topic missing) leaves every new delivery waiting
			Duration sinceRelay = Duration.between((lastRelay != null) ? lastRelay : this.createdAt,
					this.clock.instant());
			if (relay.isRunning() && sinceRelay.compareTo(this.stallTimeout) > 0) {
				reasons.add("the outbox relay has not published for " + sinceRelay.toSeconds() + "s, longer than "
						+ this.stallTimeout + ((lastError != null) ? ": " + lastError : ""));
			}
		}
		Health.Builder health = reasons.isEmpty() ? Health.up() : Health.outOfService();
		if (!reasons.isEmpty()) {
			details.put("reasons", reasons);
		}
		return health.withDetails(details).build();
	}

	private CompletableFuture<OperationReport.Stats> read() {
		while (true) {
			CompletableFuture<OperationReport.Stats> current = this.reading.get();
			if (current != null && !current.isDone()) {
				return current;
			}
			CompletableFuture<OperationReport.Stats> next = new CompletableFuture<>();
			if (this.reading.compareAndSet(current, next)) {
				Thread thread = new Thread(() -> {
					try {
						next.complete(this.operations.stats());
					}
					catch (Throwable ex) {
						next.completeExceptionally(ex);
					}
				}, "webhooks-health");
				thread.setDaemon(true);
				thread.start();
				return next;
			}
		}
	}

	private static List<Map<String, Object>> failingTargets(List<OperationReport.FailingTarget> targets) {
		List<Map<String, Object>> list = new ArrayList<>(targets.size());
		for (OperationReport.FailingTarget target : targets) {
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
