package dev.webhooks.dispatch;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.webhooks.delivery.Target;
import dev.webhooks.events.OperationalEventListener;

/**
 * How a dispatcher treats each target apart from the others: its lane's limits, its circuit breaker, the statuses
 * that pause it, whether 410 disables it, and who hears of what happens to it.
 *
 * @param limits each target's lane limits; asked again when a lane has been idle, so runtime changes apply
 * @param breaker the circuit breaker of every target
 * @param throttleStatuses the HTTP statuses that pause the whole target rather than fail the delivery
 * @param throttlePause how long a throttled target pauses when its response has no {@code Retry-After}; doubled
 * with each throttle in a row
 * @param maxThrottlePause the longest pause, whatever {@code Retry-After} asks
 * @param disableOnGone whether a 410 Gone disables the target and parks its deliveries (else it fails only the
 * delivery)
 * @param events hears of circuits opening and closing, targets disabled by 410, deliveries out of attempts
 * @param limitsVersion changes whenever some target's limits may have changed (such as the hook registry's revision):
 * each lane then reads its limits again at its next move, busy or not
 */
public record TargetPolicy(Function<Target, TargetLimits> limits, BreakerSettings breaker,
		Set<Integer> throttleStatuses, Duration throttlePause, Duration maxThrottlePause, boolean disableOnGone,
		OperationalEventListener events, LongSupplier limitsVersion) {

	/** The version of limits that change only when read again after an idle spell. */
	private static final LongSupplier FIXED = () -> 0L;

	/** 429 Too Many Requests, 502 Bad Gateway, 503 Service Unavailable, 504 Gateway Timeout. */
	public static final Set<Integer> DEFAULT_THROTTLE_STATUSES = Set.of(429, 502, 503, 504);

	public TargetPolicy {
		Objects.requireNonNull(limits, "limits");
		Objects.requireNonNull(breaker, "breaker");
		throttleStatuses = Set.copyOf(throttleStatuses);
		Objects.requireNonNull(throttlePause, "throttlePause");
		Objects.requireNonNull(maxThrottlePause, "maxThrottlePause");
		Objects.requireNonNull(events, "events");
		Objects.requireNonNull(limitsVersion, "limitsVersion");
		if (throttlePause.isNegative() || throttlePause.isZero()) {
			throw new IllegalArgumentException("throttlePause must be positive, but is " + throttlePause);
		}
		if (maxThrottlePause.compareTo(throttlePause) < 0) {
			throw new IllegalArgumentException("maxThrottlePause (" + maxThrottlePause
					+ ") must be at least throttlePause (" + throttlePause + ")");
		}
		for (int status : throttleStatuses) {
			if (status < 400 || status > 599 || status == 410) {
				throw new IllegalArgumentException("throttle status " + status + " must be a 4xx or 5xx other than 410");
			}
		}
	}

	/** A policy whose lanes read their limits again only after an idle spell. */
	public TargetPolicy(Function<Target, TargetLimits> limits, BreakerSettings breaker, Set<Integer> throttleStatuses,
			Duration throttlePause, Duration maxThrottlePause, boolean disableOnGone, OperationalEventListener events) {
		this(limits, breaker, throttleStatuses, throttlePause, maxThrottlePause, disableOnGone, events, FIXED);
	}

	/**
	 * What a dispatcher did before targets had lanes: no per-target limit, no breaker, no throttling (429 and 503
	 * are retried like any failure), 410 fails the delivery only.
	 */
	public static TargetPolicy shared() {
		return new TargetPolicy((target) -> TargetLimits.UNLIMITED, BreakerSettings.DISABLED, Set.of(),
				Duration.ofSeconds(5), Duration.ofMinutes(10), false, OperationalEventListener.NONE);
	}

	/**
	 * Lanes of 8 requests in flight per target, the default breaker, 429/502/503/504 pause the target (5 s, up to 10
	 * minutes), 410 disables it.
	 */
	public static TargetPolicy defaults() {
		return new TargetPolicy((target) -> TargetLimits.concurrency(8), BreakerSettings.defaults(),
				DEFAULT_THROTTLE_STATUSES, Duration.ofSeconds(5), Duration.ofMinutes(10), true,
				OperationalEventListener.NONE);
	}

	public TargetPolicy withLimits(Function<Target, TargetLimits> limits) {
		return new TargetPolicy(limits, this.breaker, this.throttleStatuses, this.throttlePause,
				this.maxThrottlePause, this.disableOnGone, this.events, this.limitsVersion);
	}

	/**
	 * Limits that may change at runtime, read again by every lane once {@code version} moves:
	 * <pre>{@code
	 * policy.withLimits((target) -> limitsOf(target), hookRegistry::revision)
	 * }</pre>
	 */
	public TargetPolicy withLimits(Function<Target, TargetLimits> limits, LongSupplier version) {
		return new TargetPolicy(limits, this.breaker, this.throttleStatuses, this.throttlePause,
				this.maxThrottlePause, this.disableOnGone, this.events, version);
	}

	public TargetPolicy withBreaker(BreakerSettings breaker) {
		return new TargetPolicy(this.limits, breaker, this.throttleStatuses, this.throttlePause,
				this.maxThrottlePause, this.disableOnGone, this.events, this.limitsVersion);
	}

	public TargetPolicy withThrottling(Set<Integer> throttleStatuses, Duration throttlePause,
			Duration maxThrottlePause) {
		return new TargetPolicy(this.limits, this.breaker, throttleStatuses, throttlePause, maxThrottlePause,
				this.disableOnGone, this.events, this.limitsVersion);
	}

	public TargetPolicy withDisableOnGone(boolean disableOnGone) {
		return new TargetPolicy(this.limits, this.breaker, this.throttleStatuses, this.throttlePause,
				this.maxThrottlePause, disableOnGone, this.events, this.limitsVersion);
	}

	public TargetPolicy withEvents(OperationalEventListener events) {
		return new TargetPolicy(this.limits, this.breaker, this.throttleStatuses, this.throttlePause,
				this.maxThrottlePause, this.disableOnGone, events, this.limitsVersion);
	}

}
