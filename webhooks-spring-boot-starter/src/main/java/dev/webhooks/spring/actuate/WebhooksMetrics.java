package dev.webhooks.spring.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.delivery.OutboxStats;
import dev.webhooks.dispatch.DeliveryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery metrics, fed by the dispatcher as a {@link DeliveryListener}:
 * <ul>
 * <li>{@code webhooks.deliveries} (counter; tags {@code outcome}: {@code succeeded}, {@code retried},
 * {@code failed}, and {@code target}): attempts by what they led to.</li>
 * <li>{@code webhooks.attempts} (timer with a percentile histogram, so percentiles aggregate across instances; tags
 * {@code outcome}: {@code success}, {@code failure}, and {@code target}): how long each HTTP attempt took.</li>
 * <li>{@code webhooks.queue.depth} (gauge): deliveries not sent yet.</li>
 * <li>{@code webhooks.queue.oldest.age} (time gauge, seconds): how long the oldest of them has waited.</li>
 * <li>{@code webhooks.targets.disabled} (gauge): targets disabled after failing too long.</li>
 * </ul>
 * The queue gauges read the outbox at most once per refresh interval, whatever the scrape rate.
 */
public class WebhooksMetrics implements DeliveryListener {

	private static final Logger logger = LoggerFactory.getLogger(WebhooksMetrics.class);

	private final MeterRegistry registry;

	private final DeliveryQueries queries;

	private final TargetStates targets;

	private final Clock clock;

	private final Duration refreshInterval;

	private volatile @Nullable Reading reading;

	public WebhooksMetrics(MeterRegistry registry, DeliveryQueries queries, TargetStates targets, Clock clock,
			Duration refreshInterval) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.queries = Objects.requireNonNull(queries, "queries");
		this.targets = Objects.requireNonNull(targets, "targets");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
		Gauge.builder("webhooks.queue.depth", this, (metrics) -> metrics.read().queueDepth())
			.description("Deliveries not sent yet (PENDING and IN_FLIGHT)")
			.baseUnit("deliveries")
			.register(registry);
		TimeGauge.builder("webhooks.queue.oldest.age", this, TimeUnit.SECONDS, (metrics) -> metrics.read().oldestAgeSeconds())
			.description("How long the oldest delivery not sent yet has waited")
			.register(registry);
		Gauge.builder("webhooks.targets.disabled", this, (metrics) -> metrics.read().disabledTargets())
			.description("Targets disabled after failing too long; their deliveries wait")
			.baseUnit("targets")
			.register(registry);
	}

	@Override
	public void attemptSucceeded(Delivery delivery, DeliveryAttempt attempt) {
		record(delivery, attempt, "succeeded", "success");
	}

	@Override
	public void attemptFailed(Delivery delivery, DeliveryAttempt attempt, Instant nextAttemptAt) {
		record(delivery, attempt, "retried", "failure");
	}

	@Override
	public void deliveryFailed(Delivery delivery, DeliveryAttempt attempt) {
		record(delivery, attempt, "failed", "failure");
	}

	private void record(Delivery delivery, DeliveryAttempt attempt, String outcome, String attemptOutcome) {
		Counter.builder("webhooks.deliveries")
			.description("Delivery attempts by what they led to")
			.tag("outcome", outcome)
			.tag("target", delivery.target().value())
			.register(this.registry)
			.increment();
		Timer.builder("webhooks.attempts")
			.description("HTTP attempts of deliveries")
			.tag("outcome", attemptOutcome)
			.tag("target", delivery.target().value())
			// buckets rather than client-side percentiles, which cannot be combined across instances
			.publishPercentileHistogram()
			.register(this.registry)
			.record(attempt.duration());
	}

	private Reading read() {
		Instant now = this.clock.instant();
		Reading current = this.reading;
		if (current != null && now.isBefore(current.readAt().plus(this.refreshInterval))) {
			return current;
		}
		Reading next;
		try {
			OutboxStats stats = this.queries.stats(now, 0);
			next = new Reading(now, stats.queueDepth(), stats.oldestPendingAge(now).toMillis() / 1000.0,
					this.targets.disabledTargets().size());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the outbox for the queue gauges", ex);
			next = new Reading(now, Double.NaN, Double.NaN, Double.NaN);
		}
		this.reading = next;
		return next;
	}

	private record Reading(Instant readAt, double queueDepth, double oldestAgeSeconds, double disabledTargets) {

	}

}
