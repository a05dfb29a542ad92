package dev.webhooks.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.Target;
import dev.webhooks.signing.WebhookSigner;

/**
 * Sends the outbox. One scheduler thread claims due deliveries in full batches, keeping up to one batch claimed
 * ahead of the free workers so that the next claim overlaps the sends ({@link ClaimCapacity}); a pool of
 * {@code maxConcurrency} workers attempts them ({@link DeliverySender}), and one completer thread writes their outcomes
 * in batches ({@link OutcomeWriter}). No database lock is held while a request is in flight: a claim is a lease, and
 * an outcome is only written while the lease is still this dispatcher's. A delivery whose lease, by the time a worker
 * gets to it, no longer outlasts the transport's longest call is given back to the outbox unsent and claimed again
 * with a fresh lease ({@link HeldDeliveries}).
 * <p>
 * Each target has a lane ({@link TargetLanes}, set by a {@link TargetPolicy}): a claimed delivery is handed to a
 * worker only while its target has fewer than its cap in flight, within its rate limit, its circuit closed and no
 * pause asked for; otherwise it waits in the lane without a worker, up to a small bound, or is deferred: given back
 * with a later due time, its attempt not counted ({@link DeferredDeliveries}).
 * <p>
 * Call {@link #wakeUp()} after committing new deliveries to send them at once rather than at the next poll. The
 * dispatcher does not close the store or the transport it was given.
 */
public final class DeliveryDispatcher implements AutoCloseable {

	/** The MDC key holding the id of the delivery a worker is attempting, for every log line of the attempt. */
	public static final String MDC_DELIVERY_ID = "webhooks.delivery.id";

	private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(1);

	private final Logger logger;

	private final DeliveryLeases store;

	private final DispatcherSettings settings;

	private final Clock clock;

	private final DeliverySender sender;

	private final OutcomeWriter outcomeWriter;

	private final long errorBackoffNanos;

	/** Claims at or above this many free places are worth a database round trip while more work is due. */
	private final int refillThreshold;

	private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

	private final AtomicBoolean wakeRequested = new AtomicBoolean();

	private final ClaimCapacity capacity;

	/** Claimed deliveries not settled yet, and those to give back: their leases are this dispatcher's. */
	private final HeldDeliveries held;

	private final TargetLanes lanes;

	private final DeferredDeliveries deferred;

	/** Looks again at lanes waiting for a rate limit's token. */
	private final ScheduledThreadPoolExecutor laneTimer;

	/** Moves the backlog of targets that cannot take it: a slow write must not delay the lanes' timer. */
	private final ThreadPoolExecutor backlogMover;

	private volatile boolean stopping;

	private volatile @Nullable Thread scheduler;

	/** When the scheduler last asked the store for due deliveries and got an answer. */
	private volatile @Nullable Instant lastClaimAt;

	private @Nullable ThreadPoolExecutor workers;

	/** Makes the workers; {@code null} for this dispatcher's own daemon platform threads. */
	private @Nullable ThreadFactory workerThreadFactory;

	public DeliveryDispatcher(DeliveryLeases store, EndpointResolver endpointResolver, WebhookTransport transport,
			WebhookSigner signer, RetryPolicy retryPolicy, DispatcherSettings settings, Clock clock) {
		this(store, endpointResolver, transport, signer, retryPolicy, settings, clock, DeliveryListener.NONE);
	}

	/**
	 * @throws IllegalArgumentException when the lease does not outlast the transport's longest call, since another
	 * dispatcher could then send a delivery again while this one is still sending it
	 */
	public DeliveryDispatcher(DeliveryLeases store, EndpointResolver endpointResolver, WebhookTransport transport,
			WebhookSigner signer, RetryPolicy retryPolicy, DispatcherSettings settings, Clock clock,
			DeliveryListener listener) {
		this(store, endpointResolver, transport, signer, retryPolicy, settings, clock, listener, null);
	}

	/**
	 * @param targetStates records each target's state with the outcomes written, or {@code null} when no target is
	 * ever disabled
	 * @throws IllegalArgumentException when the lease does not outlast the transport's longest call, since another
	 * dispatcher could then send a delivery again while this one is still sending it
	 */
	public DeliveryDispatcher(DeliveryLeases store, EndpointResolver endpointResolver, WebhookTransport transport,
			WebhookSigner signer, RetryPolicy retryPolicy, DispatcherSettings settings, Clock clock,
			DeliveryListener listener, @Nullable TargetStateRecorder targetStates) {
		this(store, endpointResolver, transport,
				WebhookRequests.of(settings, Objects.requireNonNull(signer, "signer"), clock), retryPolicy, settings,
				clock, listener, targetStates);
	}

	/**
	 * @param requests builds and signs each request, with its own user agent and source id in place of the settings'
	 * @param targetStates records each target's state with the outcomes written, or {@code null} when no target is
	 * ever disabled
	 * @throws IllegalArgumentException when the lease does not outlast the transport's longest call, since another
	 * dispatcher could then send a delivery again while this one is still sending it
	 */
	public DeliveryDispatcher(DeliveryLeases store, EndpointResolver endpointResolver, WebhookTransport transport,
			WebhookRequests requests, RetryPolicy retryPolicy, DispatcherSettings settings, Clock clock,
			DeliveryListener listener, @Nullable TargetStateRecorder targetStates) {
		this(store, endpointResolver, transport, requests, retryPolicy, settings, clock, listener, targetStates,
				TargetPolicy.shared());
	}

	/**
	 * @param requests builds and signs each request, with its own user agent and source id in place of the settings'
	 * @param targetStates records each target's state with the outcomes written, or {@code null} when no target is
	 * ever disabled (then a 410 fails only its delivery, whatever the policy says)
	 * @param targetPolicy each target's lane, circuit breaker and throttling, and who hears of what happens to them
	 * @throws IllegalArgumentException when the lease does not outlast the transport's longest call, since another
	 * dispatcher could then send a delivery again while this one is still sending it
	 */
	public DeliveryDispatcher(DeliveryLeases store, EndpointResolver endpointResolver, WebhookTransport transport,
			WebhookRequests requests, RetryPolicy retryPolicy, DispatcherSettings settings, Clock clock,
			DeliveryListener listener, @Nullable TargetStateRecorder targetStates, TargetPolicy targetPolicy) {
		Objects.requireNonNull(targetPolicy, "targetPolicy");
		// a 410 parks deliveries only where a target can be disabled and so enabled again
		TargetPolicy policy = (targetStates != null) ? targetPolicy : targetPolicy.withDisableOnGone(false);
		this.store = Objects.requireNonNull(store, "store");
		Objects.requireNonNull(transport, "transport");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.logger = LoggerFactory.getLogger(settings.loggerName());
		Duration errorBackoff = (settings.pollInterval().compareTo(MAX_ERROR_BACKOFF) < 0) ? settings.pollInterval()
				: MAX_ERROR_BACKOFF;
		this.errorBackoffNanos = errorBackoff.toNanos();
		this.refillThreshold = settings.batchSize();
		this.lanes = new TargetLanes(policy, clock, settings.leaseOwner());
		this.sender = new DeliverySender(endpointResolver, transport, requests,
				new OutcomeRule(Objects.requireNonNull(retryPolicy, "retryPolicy"), policy.throttleStatuses(),
						policy.disableOnGone()),
				settings, clock, listener, this::isStopping, this.lanes);
		// a finished ordered delivery makes the next one of its lane claimable: claim at once rather than at the next poll
		this.outcomeWriter = new OutcomeWriter(store, targetStates, settings, clock, errorBackoff, this::signalCapacity,
				policy.events(), this::wakeUp);
		this.capacity = new ClaimCapacity(settings, this.outcomeWriter::unwritten);
		this.held = new HeldDeliveries(store, settings, clock);
		this.deferred = new DeferredDeliveries(store, settings, clock);
		this.laneTimer = new ScheduledThreadPoolExecutor(1,
				(runnable) -> DispatchThreads.daemon(runnable, "webhooks-dispatch-lanes"));
		this.laneTimer.setRemoveOnCancelPolicy(true);
		this.backlogMover = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				(runnable) -> DispatchThreads.daemon(runnable, "webhooks-dispatch-backlog"));
		this.backlogMover.allowCoreThreadTimeOut(true);
	}

	/**
	 * Observes each attempt ({@code webhooks.dispatch}) and its HTTP request ({@code webhooks.dispatch.request});
	 * with a tracer, an attempt continues the trace its delivery was captured in, and the request carries
	 * {@code traceparent}. {@link ObservationRegistry#NOOP} by default.
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.sender.observationRegistry(observationRegistry);
	}

	/**
	 * Makes the workers that send requests with the given factory instead of daemon platform threads, e.g. virtual
	 * threads on Java 21+ ({@code Thread.ofVirtual().name("webhooks-dispatch-worker-", 0).factory()}). At most
	 * {@link DispatcherSettings#maxConcurrency()} workers run at once either way; the scheduler, the outcome writer
	 * and the lanes' timer keep their own platform threads.
	 * @param threadFactory the factory, or {@code null} for the default
	 * @throws IllegalStateException once started
	 */
	public synchronized void setWorkerThreadFactory(@Nullable ThreadFactory threadFactory) {
		if (this.state.get() != State.NEW) {
			throw new IllegalStateException("the worker thread factory is set before the dispatcher starts");
		}
		this.workerThreadFactory = threadFactory;
	}

	/**
	 * Starts the scheduler, the workers and the outcome writer.
	 * @throws IllegalStateException when already started, or stopped (a stopped dispatcher cannot restart)
	 */
	public synchronized void start() {
		if (!this.state.compareAndSet(State.NEW, State.RUNNING)) {
			throw new IllegalStateException("dispatcher '" + this.settings.leaseOwner() + "' is already "
					+ this.state.get().name().toLowerCase(java.util.Locale.ROOT) + "; create a new one to start again");
		}
		ThreadFactory threads = this.workerThreadFactory;
		if (threads == null) {
			AtomicInteger workerNumber = new AtomicInteger();
			threads = (runnable) -> DispatchThreads.daemon(runnable,
					"webhooks-dispatch-worker-" + workerNumber.incrementAndGet());
		}
		ThreadPoolExecutor pool = new ThreadPoolExecutor(this.settings.maxConcurrency(),
				this.settings.maxConcurrency(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
		pool.allowCoreThreadTimeOut(true);
		this.workers = pool;
		Thread schedulerThread = DispatchThreads.daemon(this::scheduleClaims, "webhooks-dispatch-scheduler");
		this.scheduler = schedulerThread;
		this.outcomeWriter.start();
		schedulerThread.start();
		logger.info("Delivery dispatcher '{}' started (max concurrency {}, poll interval {})",
				this.settings.leaseOwner(), this.settings.maxConcurrency(), this.settings.pollInterval());
	}

	/**
	 * Asks for a claim now rather than at the next poll; call it after committing a transaction that wrote
	 * deliveries. Cheap, non-blocking and safe from any thread; calls made while a claim is pending coalesce.
	 */
	public void wakeUp() {
		if (!this.wakeRequested.getAndSet(true)) {
			Thread thread = this.scheduler;
			if (thread != null) {
				LockSupport.unpark(thread);
			}
		}
	}

	public boolean isRunning() {
		return this.state.get() == State.RUNNING;
	}

	/** Whether {@link #stop()} has begun: no new claims are made and no new sends start. */
	boolean isStopping() {
		return this.stopping;
	}

	/**
	 * When the dispatcher last claimed successfully (even if nothing was due), or empty before its first claim. A
	 * running dispatcher claims at least every poll interval unless all its workers are busy or the database fails,
	 * so an old value means it has stalled.
	 */
	public Optional<Instant> lastClaimAt() {
		return Optional.ofNullable(this.lastClaimAt);
	}

	public DispatcherSettings settings() {
		return this.settings;
	}

	/** The lanes' policy: limits, breaker, throttling. */
	public TargetPolicy targetPolicy() {
		return this.lanes.policy();
	}

	/**
	 * What this dispatcher knows of each target it has sent to: its lane, circuit and pause. Its own view: each
	 * instance keeps its own.
	 */
	public List<TargetLaneState> targetLanes() {
		return this.lanes.states();
	}

	/**
	 * Stops claiming, waits up to the grace period for sends in flight to finish and their outcomes to be written,
	 * then gives claimed deliveries that were never sent back to the outbox. A send still running after the grace
	 * period keeps its lease, so any dispatcher retries it once the lease expires: no delivery is lost.
	 */
	public synchronized void stop() {
		if (!this.state.compareAndSet(State.RUNNING, State.STOPPING)) {
			this.state.compareAndSet(State.NEW, State.STOPPED);
			return;
		}
		this.stopping = true;
		long deadline = System.nanoTime() + this.settings.shutdownGracePeriod().toNanos();
		boolean interrupted = false;
		try {
			Thread schedulerThread = Objects.requireNonNull(this.scheduler);
			LockSupport.unpark(schedulerThread);
			interrupted |= DispatchThreads.join(schedulerThread, deadline);
			ThreadPoolExecutor pool = Objects.requireNonNull(this.workers);
			List<Runnable> queued = new ArrayList<>();
			pool.getQueue().drainTo(queued);
			for (Runnable runnable : queued) {
				this.held.releaseOnStop(((Send) runnable).delivery.id());
				this.capacity.returned();
			}
			this.laneTimer.shutdownNow();
			this.backlogMover.shutdownNow();
			for (Delivery waiting : this.lanes.removeWaiting()) {
				this.held.releaseOnStop(waiting.id());
				this.capacity.returned();
			}
			pool.shutdown();
			try {
				if (!pool.awaitTermination(DispatchThreads.remainingNanos(deadline), TimeUnit.NANOSECONDS)) {
					logger.warn("Delivery dispatcher '{}': {} send(s) still running after the grace period of {};"
							+ " they will be retried once their leases expire", this.settings.leaseOwner(),
							pool.getActiveCount(), this.settings.shutdownGracePeriod());
					pool.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				interrupted = true;
				pool.shutdownNow();
			}
			interrupted |= this.outcomeWriter.stop(deadline);
			writeDeferrals();
			this.held.releaseUnsent();
		}
		finally {
			this.state.set(State.STOPPED);
			logger.info("Delivery dispatcher '{}' stopped", this.settings.leaseOwner());
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Same as {@link #stop()}. */
	@Override
	public void close() {
		stop();
	}

	// ---- scheduler thread

	private void scheduleClaims() {
		boolean moreDue = false;
		while (!this.stopping) {
			if (this.held.giveBack()) {
				// given back deliveries are due now
				this.wakeRequested.set(true);
			}
			writeDeferrals();
			int free = this.capacity.free();
			if (free <= 0 || (moreDue && free < this.refillThreshold)) {
				this.capacity.await(moreDue ? this.refillThreshold : 1,
						() -> this.stopping || this.held.hasGiveBacks() || !this.deferred.isEmpty());
				continue;
			}
			this.wakeRequested.set(false);
			int limit = Math.min(this.settings.batchSize(), free);
			List<Delivery> claimed;
			Set<Target> full = this.lanes.full(this::apply);
			try {
				claimed = this.store.claim(this.settings.leaseOwner(), this.clock.instant(),
						this.settings.leaseDuration(), limit, full);
				this.lastClaimAt = this.clock.instant();
			}
			catch (RuntimeException ex) {
				// one line per retry: a database outage would otherwise flood the log with stack traces
				logger.warn("Claiming deliveries failed; trying again in {} ms: {}", errorBackoffMillis(), ex.toString());
				logger.debug("Claim failure", ex);
				moreDue = false;
				LockSupport.parkNanos(this.errorBackoffNanos);
				continue;
			}
			for (Delivery delivery : claimed) {
				hand(delivery);
			}
			// before the next claim: a deferred delivery must not be claimed again while it is still ours
			writeDeferrals();
			moreDue = claimed.size() >= limit;
			if (!moreDue) {
				awaitWakeUpOrPoll();
			}
		}
	}

	private void hand(Delivery delivery) {
		if (!this.held.hold(delivery)) {
			logger.debug("Delivery {} was claimed again while its expired claim waited; it is given back first",
					delivery.id());
			return;
		}
		this.capacity.taken();
		apply(this.lanes.admit(delivery));
	}

	/** Hands what a lane let through to the workers, queues what it deferred, and sets its timer. */
	private void apply(TargetLanes.Steps steps) {
		for (Delivery delivery : steps.toRun()) {
			try {
				Objects.requireNonNull(this.workers).execute(new Send(delivery));
			}
			catch (RejectedExecutionException ex) {
				// only while stopping, after the scheduler outlived the grace period
				this.lanes.finished(delivery, TargetLanes.TargetSignal.NOT_ATTEMPTED, 0);
				this.capacity.returned();
				this.held.unhold(delivery.id());
				this.held.releaseOnStop(delivery.id());
			}
		}
		TargetLanes.Deferral backlog = steps.backlog();
		if (backlog != null && !this.stopping) {
			// off the scheduler: moving a large backlog must not hold up claims for the other targets
			try {
				this.backlogMover.execute(() -> this.deferred.deferTarget(backlog));
			}
			catch (RejectedExecutionException ex) {
				// stopping: the backlog stays due for whoever claims next
			}
		}
		if (!steps.toDefer().isEmpty()) {
			steps.toDefer().forEach(this.deferred::add);
			Thread thread = this.scheduler;
			if (thread != null && Thread.currentThread() != thread) {
				LockSupport.unpark(thread);
			}
			signalCapacity();
		}
		if (steps.claimAgain()) {
			wakeUp();
		}
		Target waiting = steps.drainTarget();
		if (waiting != null && !this.stopping) {
			try {
				this.laneTimer.schedule(() -> apply(this.lanes.drain(waiting)), steps.drainAfterNanos(),
						TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				// stopping: the lane's waiting deliveries are released on stop
			}
		}
	}

	/** Gives back the deferred deliveries; each is settled once written. */
	private void writeDeferrals() {
		if (this.deferred.isEmpty()) {
			return;
		}
		this.deferred.write((id) -> {
			this.held.unhold(id);
			this.capacity.returned();
		});
	}

	private void awaitWakeUpOrPoll() {
		long deadline = System.nanoTime() + this.settings.pollInterval().toNanos();
		while (!this.stopping && !this.wakeRequested.get() && this.deferred.isEmpty()) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return;
			}
			LockSupport.parkNanos(this, remaining);
		}
	}

	// ---- worker threads

	private final class Send implements Runnable {

		private final Delivery delivery;

		Send(Delivery delivery) {
			this.delivery = delivery;
		}

		@Override
		public void run() {
			boolean givenBack = false;
			TargetLanes.TargetSignal signal = TargetLanes.TargetSignal.NOT_ATTEMPTED;
			long elapsed = 0;
			MDC.put(MDC_DELIVERY_ID, this.delivery.id());
			try {
				DeliverySender.Result result = DeliveryDispatcher.this.sender.send(this.delivery);
				givenBack = (result.kind() == DeliverySender.Result.Kind.GIVE_BACK);
				signal = result.signal();
				elapsed = result.elapsedNanos();
				route(this.delivery, result);
				if (signal == TargetLanes.TargetSignal.GONE) {
					apply(DeliveryDispatcher.this.lanes.gone(this.delivery.target()));
				}
			}
			finally {
				// the lane's next delivery may start once this one's place is free
				TargetLanes.Steps next = DeliveryDispatcher.this.lanes.finished(this.delivery, signal, elapsed);
				if (!givenBack) {
					// only this claim's hold: once its outcome was queued, a newer claim may hold the id
					DeliveryDispatcher.this.held.unhold(this.delivery);
				}
				DeliveryDispatcher.this.capacity.returned();
				apply(next);
				signalCapacity();
				if (givenBack) {
					wakeUp();
				}
				MDC.remove(MDC_DELIVERY_ID);
			}
		}

	}

	private void route(Delivery delivery, DeliverySender.Result result) {
		switch (result.kind()) {
			case WRITE_OUTCOME -> {
				// released before the outcome can be written: a retry due soon may be claimed again while the worker
				// is still telling the listener, and must not be taken for a claim whose lease ran out
				this.held.unhold(delivery.id());
				this.outcomeWriter.add(delivery.target(), Objects.requireNonNull(result.outcome()),
						result.signal() == TargetLanes.TargetSignal.GONE, delivery.orderingKey() != null);
				result.listenerCall().run();
			}
			case NOT_STARTED -> this.held.releaseOnStop(delivery.id());
			// held until the scheduler gives it back, with others
			case GIVE_BACK -> this.held.giveBackLater(delivery.id());
		}
	}

	private void signalCapacity() {
		this.capacity.signal();
	}

	// ---- helpers

	private long errorBackoffMillis() {
		return TimeUnit.NANOSECONDS.toMillis(this.errorBackoffNanos);
	}

	private enum State {

		NEW, RUNNING, STOPPING, STOPPED

	}

}
