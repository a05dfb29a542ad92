package dev.webhooks.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.events.CircuitClosed;
import dev.webhooks.events.CircuitOpened;
import dev.webhooks.events.OperationalEvent;

/**
 * One lane per target, where a claimed delivery waits for its target rather than for any worker: at most the
 * target's {@code maxConcurrency} of its deliveries are with the workers at once, started no faster than its rate
 * limit, and none while its circuit is open or it asked for a pause. A claimed delivery its lane cannot take now
 * waits in the lane, holding no worker, up to a small bound (what the lane can send in about two seconds at its recent
 * pace, at least its cap; so a few for a target that hangs, a batch or more for a fast one); beyond that,
 * or while the target is paused or its circuit open, it is deferred: given back to the outbox with a later due time,
 * its attempt not counted.
 * <p>
 * A deferral past the bound is due when the lane is expected to have room: each one a slot later than the one
 * before ({@code average call / cap}, or {@code 1 / rate}), so a target that hangs sees its backlog come back at the
 * pace it can take, not all at once on every claim.
 * <p>
 * The state is this dispatcher's own, in memory: each instance opens and closes its circuits from the calls it made,
 * which the leases make safe (a deferral gives back only this instance's claims). See {@code docs/targets.md}.
 */
final class TargetLanes {

	private static final Logger logger = LoggerFactory.getLogger(TargetLanes.class);

	/** The most deliveries a lane holds without a worker, whatever its rate. */
	private static final int MAX_WAITING = 1000;

	/** Due times of deferrals are rounded up to this, so that one write defers many. */
	private static final long DEFER_GRANULARITY_MILLIS = 50;

	/**
	 * A call in flight longer than this makes its lane slow at once, before it ends; and only a lane this slow moves
	 * its target's backlog, so that a fast target's one slow call costs it nothing.
	 */
	private static final long SLOW_CALL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	/** A lane holds about what it can send in this long, at its recent pace. */
	private static final long WAITING_HORIZON_NANOS = TimeUnit.SECONDS.toNanos(2);

	/** The shortest deferral of a delivery its lane had no room for. */
	private static final Duration MIN_DEFERRAL = Duration.ofMillis(100);

	/**
	 * A lane that has not timed a call yet holds no more than its cap once its first call is in flight for this
	 * long: a target that hangs is known as such long before its first timeout.
	 */
	private static final long UNTIMED_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	/**
	 * An idle lane reads its target's limits again after this, so that limits changed without a new
	 * {@linkplain TargetPolicy#limitsVersion() version} apply too.
	 */
	private static final long LIMITS_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final TargetPolicy policy;

	private final Clock clock;

	private final String instance;

	private final Map<Target, Lane> lanes = new ConcurrentHashMap<>();

	/**
	 * @param instance the dispatcher's lease owner, named in circuit events
	 */
	TargetLanes(TargetPolicy policy, Clock clock, String instance) {
		this.policy = Objects.requireNonNull(policy, "policy");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.instance = Objects.requireNonNull(instance, "instance");
	}

	TargetPolicy policy() {
		return this.policy;
	}

	/** Takes a claimed delivery into its target's lane: what may run now, and what is deferred. */
	Steps admit(Delivery delivery) {
		Lane lane = lane(delivery.target());
		Steps steps = new Steps();
		synchronized (lane) {
			Instant now = this.clock.instant();
			lane.refreshLimits(System.nanoTime());
			Instant blocked = lane.blockedUntil(now);
			if (blocked != null) {
				steps.defer(delivery, blocked);
				lane.deferred++;
				deferBacklog(lane, blocked, now, steps);
			}
			else if (lane.waiting.size() >= lane.maxWaiting()) {
				steps.defer(delivery, lane.nextSlot(now));
				lane.deferred++;
				deferBacklog(lane, lane.drainedAt(now), now, steps);
			}
			else {
				lane.waiting.add(delivery);
			}
			drain(lane, now, steps);
		}
		return steps;
	}

	/**
	 * A delivery handed to a worker is done with, attempted or not: its place in the lane is free, and the
	 * result counts for the circuit.
	 * @param elapsedNanos how long the call took, for the deferral pace
	 */
	Steps finished(Delivery delivery, TargetSignal signal, long elapsedNanos) {
		Lane lane = lane(delivery.target());
		Steps steps = new Steps();
		@Nullable OperationalEvent event = null;
		synchronized (lane) {
			Instant now = this.clock.instant();
			lane.refreshLimits(System.nanoTime());
			lane.inFlight--;
			lane.startedAt.remove(delivery.id());
			boolean probe = delivery.id().equals(lane.probeId);
			if (probe) {
				lane.probeId = null;
			}
			CircuitBreaker.State moved = switch (signal) {
				case SUCCEEDED -> {
					lane.throttle.succeeded();
					yield lane.breaker.record(true, probe, now);
				}
				case FAILED, THROTTLED -> lane.breaker.record(false, probe, now);
				// a 410 disables the target instead: enabling it again must send at once, not after a cool-down
				case GONE, NOT_ATTEMPTED -> {
					if (probe) {
						lane.breaker.probeAbandoned();
					}
					yield null;
				}
			};
			if (signal != TargetSignal.NOT_ATTEMPTED && elapsedNanos > 0) {
				lane.averageCallNanos = (lane.averageCallNanos == 0) ? elapsedNanos
						: (lane.averageCallNanos * 7 + elapsedNanos) / 8;
			}
			if (moved == CircuitBreaker.State.OPEN) {
				Instant probeAt = Objects.requireNonNull(lane.breaker.openUntil());
				event = new CircuitOpened(lane.target, lane.breaker.lastFailureRate(), probeAt, this.instance, now);
			}
			else if (moved == CircuitBreaker.State.CLOSED) {
				event = new CircuitClosed(lane.target, this.instance, now);
			}
			drain(lane, now, steps);
			reopen(lane, now, steps);
		}
		// logged outside the lane's monitor: an appender's I/O would otherwise pin a virtual worker on Java 21-23
		if (event instanceof CircuitOpened opened) {
			logger.warn("Circuit of target '{}' opened: {}% of its recent calls failed; probing at {}", opened.target(),
					Math.round(opened.failureRate() * 100), opened.probeAt());
		}
		else if (event instanceof CircuitClosed closed) {
			logger.info("Circuit of target '{}' closed: its probe succeeded", closed.target());
		}
		if (event != null) {
			raise(event);
		}
		return steps;
	}

	/** Looks again at a lane that waited for a token. */
	Steps drain(Target target) {
		Lane lane = lane(target);
		Steps steps = new Steps();
		synchronized (lane) {
			lane.timerPending = false;
			lane.refreshLimits(System.nanoTime());
			Instant now = this.clock.instant();
			drain(lane, now, steps);
			reopen(lane, now, steps);
		}
		return steps;
	}

	/**
	 * Pauses a target that answered with a throttling status.
	 * @return when the pause ends: the delivery is due again then
	 */
	Instant throttle(Target target, @Nullable Duration retryAfter) {
		Lane lane = lane(target);
		synchronized (lane) {
			lane.throttled++;
			return lane.throttle.throttle(retryAfter, this.clock.instant());
		}
	}

	/**
	 * Pauses a target that answered 410 Gone while it is being disabled; the deliveries waiting in its lane are
	 * parked like the rest of its deliveries.
	 */
	Steps gone(Target target) {
		Lane lane = lane(target);
		Steps steps = new Steps();
		synchronized (lane) {
			Instant now = this.clock.instant();
			lane.throttle.pauseUntil(now.plus(this.policy.throttlePause()));
			for (Delivery waiting; (waiting = lane.waiting.poll()) != null;) {
				steps.defer(waiting, TargetStates.PARKED_UNTIL);
			}
		}
		return steps;
	}

	/** Takes every delivery waiting in a lane out of it, when the dispatcher stops. */
	List<Delivery> removeWaiting() {
		List<Delivery> removed = new ArrayList<>();
		for (Lane lane : this.lanes.values()) {
			synchronized (lane) {
				removed.addAll(lane.waiting);
				lane.waiting.clear();
			}
		}
		return removed;
	}

	/**
	 * The targets whose lanes cannot take more now, for the next claim to leave alone: paused, with an open circuit,
	 * or already holding as many as they may. Claiming them would only defer them again, and their places in the
	 * claim would be lost to the other targets. A lane left out asks for a claim as soon as it has room again
	 * ({@link Steps#claimAgain()}).
	 */
	Set<Target> full(Consumer<Steps> apply) {
		Instant now = this.clock.instant();
		Set<Target> full = new HashSet<>();
		for (Lane lane : this.lanes.values()) {
			Steps steps = new Steps();
			synchronized (lane) {
				// a raised cap makes room before the claim, not only when a call of the lane ends
				lane.refreshLimits(System.nanoTime());
				// a lane found slow since it last moved gives back what it holds past its bound: the claim's room
				drain(lane, now, steps);
				lane.skipped = lane.cannotTakeMore(now);
				if (lane.skipped) {
					full.add(lane.target);
				}
			}
			apply.accept(steps);
		}
		return full;
	}

	/** Every lane's state, by target. */
	List<TargetLaneState> states() {
		Instant now = this.clock.instant();
		List<TargetLaneState> states = new ArrayList<>();
		for (Lane lane : this.lanes.values()) {
			synchronized (lane) {
				states.add(lane.state(now));
			}
		}
		states.sort(Comparator.comparing(TargetLaneState::target));
		return states;
	}

	private void drain(Lane lane, Instant now, Steps steps) {
		run(lane, now, steps);
		// a lane found slower than it looked holds no more than its new bound: the rest makes room for other targets
		int bound = lane.maxWaiting();
		if (lane.waiting.size() > bound) {
			List<Delivery> excess = new ArrayList<>();
			while (lane.waiting.size() > bound) {
				excess.add(lane.waiting.pollLast());
			}
			for (int i = excess.size() - 1; i >= 0; i--) {
				steps.defer(excess.get(i), lane.nextSlot(now));
				lane.deferred++;
			}
			deferBacklog(lane, lane.drainedAt(now), now, steps);
		}
	}

	private void run(Lane lane, Instant now, Steps steps) {
		while (!lane.waiting.isEmpty()) {
			Instant blocked = lane.blockedUntil(now);
			if (blocked != null) {
				deferAll(lane, blocked, steps);
				return;
			}
			if (lane.inFlight >= lane.limits.maxConcurrency()) {
				return;
			}
			RateLimiter limiter = lane.limiter;
			long nanos = System.nanoTime();
			if (limiter != null) {
				long wait = limiter.nanosUntilToken(nanos);
				if (wait > 0) {
					if (!lane.timerPending) {
						lane.timerPending = true;
						steps.drainAfter(lane.target, wait);
					}
					return;
				}
			}
			CircuitBreaker.Permission permission = lane.breaker.permit(now);
			if (!permission.call()) {
				deferAll(lane, Objects.requireNonNull(permission.notBefore()), steps);
				return;
			}
			if (limiter != null) {
				limiter.tryAcquire(nanos);
			}
			Delivery next = lane.waiting.poll();
			lane.inFlight++;
			lane.startedAt.put(next.id(), nanos);
			if (permission.probe()) {
				lane.probeId = next.id();
			}
			steps.run(next);
		}
	}

	/** A lane the last claim left out that has room again asks for a claim, rather than waiting for the next poll. */
	private static void reopen(Lane lane, Instant now, Steps steps) {
		if (lane.skipped && !lane.cannotTakeMore(now)) {
			lane.skipped = false;
			steps.claimAgain = true;
		}
	}

	/**
	 * Moves the target's due backlog to when the lane should have room, once per such period, so that claims stop
	 * bringing back deliveries it cannot take: a claim's place goes to other targets.
	 */
	private static void deferBacklog(Lane lane, Instant until, Instant now, Steps steps) {
		if (lane.blockedUntil(now) == null && !lane.slow()) {
			return;
		}
		Instant last = lane.backlogDeferredUntil;
		if (last != null && now.isBefore(last)) {
			return;
		}
		Instant at = roundUp(until);
		lane.backlogDeferredUntil = at;
		steps.deferTarget(lane.target, at);
	}

	private static void deferAll(Lane lane, Instant until, Steps steps) {
		for (Delivery waiting; (waiting = lane.waiting.poll()) != null;) {
			steps.defer(waiting, until);
			lane.deferred++;
		}
	}

	private Lane lane(Target target) {
		return this.lanes.computeIfAbsent(target, (key) -> new Lane(key, this.policy));
	}

	private void raise(OperationalEvent event) {
		try {
			this.policy.events().onEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Operational event listener failed on {}", event.type(), ex);
		}
	}

	/** Rounds a due time up, so that deferrals of one lane share a write. */
	static Instant roundUp(Instant at) {
		long millis = at.toEpochMilli();
		long rounded = Math.floorDiv(millis + DEFER_GRANULARITY_MILLIS - 1, DEFER_GRANULARITY_MILLIS)
				* DEFER_GRANULARITY_MILLIS;
		return Instant.ofEpochMilli(rounded);
	}

	/** What a target's last attempt says about it. */
	enum TargetSignal {

		/** It took the delivery. */
		SUCCEEDED,

		/** It failed: an error status or no response. */
		FAILED,

		/** It asked for a pause (429, 503, …). */
		THROTTLED,

		/** It said it is gone (410). */
		GONE,

		/** Nothing was sent: the dispatcher was stopping, the lease too short, or the target unknown. */
		NOT_ATTEMPTED

	}

	/** What to do after a lane moved: deliveries to hand to workers, to defer, and when to look again. */
	static final class Steps {

		private final List<Delivery> run = new ArrayList<>(2);

		private final List<Deferral> deferred = new ArrayList<>(0);

		private @Nullable Target drainTarget;

		private @Nullable Deferral backlog;

		private long drainAfterNanos;

		private boolean claimAgain;

		/** Whether a lane the last claim left out has room again. */
		boolean claimAgain() {
			return this.claimAgain;
		}

		void run(Delivery delivery) {
			this.run.add(delivery);
		}

		void defer(Delivery delivery, Instant until) {
			this.deferred.add(new Deferral(delivery, delivery.target(), roundUp(until)));
		}

		void deferTarget(Target target, Instant until) {
			this.backlog = new Deferral(null, target, until);
		}

		/** The target whose due backlog to move, with when to, or null. */
		@Nullable Deferral backlog() {
			return this.backlog;
		}

		void drainAfter(Target target, long nanos) {
			this.drainTarget = target;
			this.drainAfterNanos = nanos;
		}

		List<Delivery> toRun() {
			return this.run;
		}

		List<Deferral> toDefer() {
			return this.deferred;
		}

		@Nullable Target drainTarget() {
			return this.drainTarget;
		}

		long drainAfterNanos() {
			return this.drainAfterNanos;
		}

	}

	/**
	 * A claimed delivery to give back unsent, due at a later time; or, without a delivery, the due backlog of a
	 * target to move to that time.
	 */
	record Deferral(@Nullable Delivery delivery, Target target, Instant until) {

	}

	/** One target's lane; guarded by its own monitor. */
	private static final class Lane {

		final Target target;

		private final TargetPolicy policy;

		TargetLimits limits;

		@Nullable RateLimiter limiter;

		private long limitsReadAt;

		private long limitsVersion;

		final CircuitBreaker breaker;

		final TargetThrottle throttle;

		final ArrayDeque<Delivery> waiting = new ArrayDeque<>();

		int inFlight;

		@Nullable String probeId;

		boolean timerPending;

		/** The average call of the lane lately, 0 until one is timed. */
		long averageCallNanos;

		/** When each delivery in flight was handed over, by id: the oldest tells a hanging target at once. */
		final Map<String, Long> startedAt = new java.util.HashMap<>();

		/** The due time of the last deferral for want of room: the next one is a slot later. */
		@Nullable Instant horizon;

		/** Until when the target's backlog was last moved. */
		@Nullable Instant backlogDeferredUntil;

		long deferred;

		long throttled;

		/** Whether the last claim left this target out. */
		boolean skipped;

		Lane(Target target, TargetPolicy policy) {
			this.target = target;
			this.policy = policy;
			this.breaker = new CircuitBreaker(policy.breaker());
			this.throttle = new TargetThrottle(policy.throttlePause(), policy.maxThrottlePause());
			readLimits(System.nanoTime());
		}

		// a new version applies at once, busy or not: a lower cap lets the calls in flight finish and starts no more
		void refreshLimits(long nowNanos) {
			if (version() != this.limitsVersion || (this.inFlight == 0 && this.waiting.isEmpty()
					&& nowNanos - this.limitsReadAt > LIMITS_REFRESH_NANOS)) {
				readLimits(nowNanos);
			}
		}

		private long version() {
			try {
				return this.policy.limitsVersion().getAsLong();
			}
			catch (RuntimeException ex) {
				return this.limitsVersion;
			}
		}

		private void readLimits(long nowNanos) {
			// the version first: a change made while reading moves it again and is read next time
			this.limitsVersion = version();
			TargetLimits read;
			try {
				read = Objects.requireNonNull(this.policy.limits().apply(this.target), "limits");
			}
			catch (RuntimeException ex) {
				logger.warn("Could not read the limits of target '{}'; keeping the last ones", this.target, ex);
				read = (this.limits != null) ? this.limits : TargetLimits.UNLIMITED;
			}
			if (!read.equals(this.limits)) {
				this.limits = read;
				this.limiter = read.rateLimited() ? new RateLimiter(read.ratePerSecond(), read.burst(), nowNanos)
						: null;
			}
			this.limitsReadAt = nowNanos;
		}

		/** How long a call takes here lately: the average, or the age of the oldest call in flight if longer. */
		long pace() {
			return Math.max(this.averageCallNanos, oldestCall());
		}

		/** How long the oldest call in flight has taken so far. */
		private long oldestCall() {
			long oldest = 0;
			long now = System.nanoTime();
			for (long started : this.startedAt.values()) {
				oldest = Math.max(oldest, now - started);
			}
			return oldest;
		}

		boolean slow() {
			return pace() >= SLOW_CALL_NANOS;
		}

		int maxWaiting() {
			int cap = Math.min(this.limits.maxConcurrency(), MAX_WAITING);
			if (this.averageCallNanos == 0 && oldestCall() > UNTIMED_NANOS) {
				return cap;
			}
			long byPace = cap * (WAITING_HORIZON_NANOS / Math.max(1, pace()));
			if (this.limits.rateLimited()) {
				// two seconds of tokens: the lane must not run dry while deferred deliveries come back, or tokens are lost
				byPace = Math.min(byPace, (long) Math.ceil(2 * this.limits.ratePerSecond()) + this.limits.burst());
			}
			return (int) Math.min(MAX_WAITING, Math.max(cap, byPace));
		}

		/**
		 * Whether more of the target's deliveries would only wait to be deferred: it is paused or its circuit open,
		 * or it holds as many as it may wait for. A lane that has not timed a call yet holds one round (its cap)
		 * before it is left out, so a target that hangs from its first call is not claimed ahead for seconds.
		 */
		boolean cannotTakeMore(Instant now) {
			if (blockedUntil(now) != null) {
				return true;
			}
			int bound = (this.averageCallNanos == 0) ? Math.min(this.limits.maxConcurrency(), MAX_WAITING)
					: maxWaiting();
			return this.waiting.size() >= bound;
		}

		/** When a throttled target's pause or an open circuit's cool-down ends, or null when neither holds it. */
		@Nullable Instant blockedUntil(Instant now) {
			Instant paused = this.throttle.pausedUntil(now);
			if (paused != null) {
				return paused;
			}
			Instant open = this.breaker.openUntil();
			return (open != null && open.isAfter(now)) ? open : null;
		}

		/** When the lane should have room for one more delivery than it holds. */
		Instant nextSlot(Instant now) {
			double perSlot = Math.max(1, pace()) / (double) Math.min(this.limits.maxConcurrency(), MAX_WAITING);
			if (this.limits.rateLimited()) {
				perSlot = Math.max(perSlot, TimeUnit.SECONDS.toNanos(1) / this.limits.ratePerSecond());
			}
			Duration slot = Duration.ofNanos(Math.max(1, (long) perSlot));
			Instant earliest = now.plus(slot.multipliedBy(this.waiting.size() + 1));
			Instant last = this.horizon;
			Instant next = (last == null || earliest.isAfter(last)) ? earliest : last.plus(slot);
			this.horizon = next;
			Instant soonest = now.plus(MIN_DEFERRAL);
			return next.isBefore(soonest) ? soonest : next;
		}

		/** When the lane should have sent what it holds now: at least two seconds from now. */
		Instant drainedAt(Instant now) {
			double perSlot = Math.max(1, pace()) / (double) Math.min(this.limits.maxConcurrency(), MAX_WAITING);
			if (this.limits.rateLimited()) {
				perSlot = Math.max(perSlot, TimeUnit.SECONDS.toNanos(1) / this.limits.ratePerSecond());
			}
			Instant drained = now.plusNanos((long) (perSlot * (this.waiting.size() + this.inFlight)));
			Instant soonest = now.plusNanos(WAITING_HORIZON_NANOS);
			return drained.isAfter(soonest) ? drained : soonest;
		}

		TargetLaneState state(Instant now) {
			Integer cap = (this.limits.maxConcurrency() == Integer.MAX_VALUE) ? null : this.limits.maxConcurrency();
			String circuit = (this.breaker.state() == CircuitBreaker.State.OPEN && this.breaker.openUntil() != null
					&& !now.isBefore(this.breaker.openUntil())) ? CircuitBreaker.State.HALF_OPEN.name()
							: this.breaker.state().name();
			return new TargetLaneState(this.target, cap, this.limits.ratePerSecond(), this.inFlight,
					this.waiting.size(), circuit, this.breaker.openUntil(), this.breaker.lastFailureRate(),
					this.throttle.pausedUntil(now), this.deferred, this.throttled);
		}

	}

}
