package dev.webhooks.dispatch;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.signing.WebhookSigner;

/**
 * Sends the outbox. One scheduler thread claims due deliveries in full batches, keeping up to one batch claimed
 * ahead of the free workers so that the next claim overlaps the sends; a pool of {@code maxConcurrency} workers signs
 * and sends them, and one completer thread writes their outcomes in batches. No database lock is held while a request
 * is in flight: a claim is a lease, and an outcome is only written while the lease is still this dispatcher's. A
 * delivery whose lease, by the time a worker gets to it, no longer outlasts the transport's longest call is given back
 * to the outbox unsent and claimed again with a fresh lease.
 * <p>
 * Call {@link #wakeUp()} after committing new deliveries to send them at once rather than at the next poll. The
 * dispatcher does not close the store or the transport it was given.
 */
public final class DeliveryDispatcher implements AutoCloseable {

	/** The MDC key holding the id of the delivery a worker is attempting, for every log line of the attempt. */
	public static final String MDC_DELIVERY_ID = "webhooks.delivery.id";

	private final Logger logger;

	/** How long the completer waits for more outcomes to share a database round trip. */
	private static final long COMPLETION_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(1);

	/** The most a send may need beyond the transport's longest call (signing, handing the request over). */
	private static final Duration MAX_SEND_MARGIN = Duration.ofSeconds(1);

	private final DeliveryLeases store;

	private final EndpointResolver endpointResolver;

	private final WebhookTransport transport;

	private final WebhookSigner signer;

	private final OutcomeRule outcomeRule;

	private final DispatcherSettings settings;

	private final Clock clock;

	private final DeliveryListener listener;

	private final long errorBackoffNanos;

	/** Claims at or above this many free places are worth a database round trip while more work is due. */
	private final int refillThreshold;

	/** Claimed deliveries allowed beyond the workers: one batch waits while the workers send the one before. */
	private final int claimAhead;

	/** The lease a claimed delivery must have left for a worker to send it; null when calls are unbounded. */
	private final @Nullable Duration leaseNeededToSend;

	private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

	private final AtomicBoolean wakeRequested = new AtomicBoolean();

	/** Claimed deliveries whose attempt has not finished yet: bounds claims by free workers plus one batch. */
	private final AtomicInteger busy = new AtomicInteger();

	/**
	 * Ids of the claimed deliveries whose attempt has not finished or which wait to be given back. A claim returning
	 * one of them again means its lease ran out while it waited: that copy is never sent, so the new one is not
	 * handed to a worker either, and the release of the old one returns it to the outbox.
	 */
	private final Map<String, Delivery> held = new ConcurrentHashMap<>();

	/** Claimed deliveries whose lease became too short to send them; the scheduler gives them back in batches. */
	private final Queue<String> expiring = new ConcurrentLinkedQueue<>();

	private final BlockingQueue<Decided> outcomes = new LinkedBlockingQueue<>();

	private final @Nullable TargetStateRecorder targetStates;

	/** Outcomes decided but not yet written; claims pause when the database falls this far behind. */
	private final AtomicInteger unwritten = new AtomicInteger();

	private final int maxUnwritten;

	/** Claimed deliveries that were never sent because the dispatcher was stopping; released on stop. */
	private final Queue<String> unstarted = new ConcurrentLinkedQueue<>();

	private volatile boolean stopping;

	private volatile boolean completerStopping;

	private volatile boolean waitingForCapacity;

	private volatile long completerDeadlineNanos = Long.MAX_VALUE;

	private volatile @Nullable Thread scheduler;

	/** When the scheduler last asked the store for due deliveries and got an answer. */
	private volatile @Nullable Instant lastClaimAt;

	private @Nullable Thread completer;

	private @Nullable ThreadPoolExecutor workers;

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
		this.targetStates = targetStates;
		this.store = Objects.requireNonNull(store, "store");
		this.endpointResolver = Objects.requireNonNull(endpointResolver, "endpointResolver");
		this.transport = Objects.requireNonNull(transport, "transport");
		this.signer = Objects.requireNonNull(signer, "signer");
		this.outcomeRule = new OutcomeRule(Objects.requireNonNull(retryPolicy, "retryPolicy"));
		this.settings = Objects.requireNonNull(settings, "settings");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.listener = Objects.requireNonNull(listener, "listener");
		this.logger = LoggerFactory.getLogger(settings.loggerName());
		Optional<Duration> longestCall = transport.maxCallDuration();
		if (longestCall.isPresent() && settings.leaseDuration().compareTo(longestCall.get()) <= 0) {
			throw new IllegalArgumentException("leaseDuration (" + settings.leaseDuration()
					+ ") must be longer than the transport's longest call (" + longestCall.get()
					+ "), or another dispatcher may send a delivery again while it is still being sent;"
					+ " raise leaseDuration or lower the HTTP call timeout");
		}
		Duration errorBackoff = (settings.pollInterval().compareTo(MAX_ERROR_BACKOFF) < 0) ? settings.pollInterval()
				: MAX_ERROR_BACKOFF;
		this.errorBackoffNanos = errorBackoff.toNanos();
		this.claimAhead = settings.batchSize();
		this.refillThreshold = settings.batchSize();
		// a margin below half the spare lease, so that a fresh claim is always sent rather than given back
		this.leaseNeededToSend = longestCall.map((call) -> {
			Duration halfSpare = settings.leaseDuration().minus(call).dividedBy(2);
			return call.plus((halfSpare.compareTo(MAX_SEND_MARGIN) < 0) ? halfSpare : MAX_SEND_MARGIN);
		}).orElse(null);
		this.maxUnwritten = 2 * Math.max(settings.batchSize(), settings.maxConcurrency());
	}

	/**
	 * Starts the scheduler, the workers and the completer.
	 * @throws IllegalStateException when already started, or stopped (a stopped dispatcher cannot restart)
	 */
	public synchronized void start() {
		if (!this.state.compareAndSet(State.NEW, State.RUNNING)) {
			throw new IllegalStateException("dispatcher '" + this.settings.leaseOwner() + "' is already "
					+ this.state.get().name().toLowerCase(java.util.Locale.ROOT) + "; create a new one to start again");
		}
		AtomicInteger workerNumber = new AtomicInteger();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(this.settings.maxConcurrency(),
				this.settings.maxConcurrency(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				(runnable) -> daemon(runnable, "webhooks-dispatch-worker-" + workerNumber.incrementAndGet()));
		pool.allowCoreThreadTimeOut(true);
		this.workers = pool;
		Thread completerThread = daemon(this::completeOutcomes, "webhooks-dispatch-completer");
		this.completer = completerThread;
		Thread schedulerThread = daemon(this::scheduleClaims, "webhooks-dispatch-scheduler");
		this.scheduler = schedulerThread;
		completerThread.start();
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
			interrupted |= join(schedulerThread, deadline);
			ThreadPoolExecutor pool = Objects.requireNonNull(this.workers);
			List<Runnable> queued = new ArrayList<>();
			pool.getQueue().drainTo(queued);
			for (Runnable runnable : queued) {
				this.unstarted.add(((Send) runnable).delivery.id());
				this.busy.decrementAndGet();
			}
			moveExpiringToUnstarted();
			pool.shutdown();
			try {
				if (!pool.awaitTermination(remainingNanos(deadline), TimeUnit.NANOSECONDS)) {
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
			// outcomes already decided deserve a write even when the grace period is used up
			this.completerDeadlineNanos = Math.max(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
			this.completerStopping = true;
			interrupted |= join(Objects.requireNonNull(this.completer), this.completerDeadlineNanos);
			releaseUnstarted();
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

	private void moveExpiringToUnstarted() {
		for (String id; (id = this.expiring.poll()) != null;) {
			this.unstarted.add(id);
		}
	}

	private void releaseUnstarted() {
		moveExpiringToUnstarted();
		List<String> ids = new ArrayList<>();
		for (String id; (id = this.unstarted.poll()) != null;) {
			ids.add(id);
		}
		if (ids.isEmpty()) {
			return;
		}
		try {
			int released = this.store.release(this.settings.leaseOwner(), ids, this.clock.instant());
			logger.debug("Released {} claimed but unsent deliveries", released);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not release {} claimed but unsent deliveries; they will be sent once their leases"
					+ " expire", ids.size(), ex);
		}
	}

	// ---- scheduler thread

	private void scheduleClaims() {
		boolean moreDue = false;
		while (!this.stopping) {
			releaseExpiring();
			int free = freeCapacity();
			if (free <= 0 || (moreDue && free < this.refillThreshold)) {
				awaitCapacity(moreDue ? this.refillThreshold : 1);
				continue;
			}
			this.wakeRequested.set(false);
			int limit = Math.min(this.settings.batchSize(), free);
			List<Delivery> claimed;
			try {
				claimed = this.store.claim(this.settings.leaseOwner(), this.clock.instant(),
						this.settings.leaseDuration(), limit);
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
			moreDue = claimed.size() >= limit;
			if (!moreDue) {
				awaitWakeUpOrPoll();
			}
		}
	}

	/** Gives back the deliveries workers found with too little lease left, so they are claimed with a fresh one. */
	private void releaseExpiring() {
		if (this.expiring.isEmpty()) {
			return;
		}
		List<String> ids = new ArrayList<>();
		for (String id; (id = this.expiring.poll()) != null;) {
			ids.add(id);
		}
		try {
			int released = this.store.release(this.settings.leaseOwner(), ids, this.clock.instant());
			logger.debug("Gave back {} claimed deliveries whose lease was too short to send them", released);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not give back {} claimed deliveries whose lease was too short to send them; they will"
					+ " be claimed again once their leases expire: {}", ids.size(), ex.toString());
			logger.debug("Release failure", ex);
		}
		finally {
			// only now: until the release is done a claim returning them again would be undone by it
			ids.forEach(this.held::remove);
		}
		// released deliveries are due now
		this.wakeRequested.set(true);
	}

	private void hand(Delivery delivery) {
		if (this.held.putIfAbsent(delivery.id(), delivery) != null) {
			logger.debug("Delivery {} was claimed again while its expired claim waited; it is given back first",
					delivery.id());
			return;
		}
		this.busy.incrementAndGet();
		try {
			Objects.requireNonNull(this.workers).execute(new Send(delivery));
		}
		catch (RejectedExecutionException ex) {
			// only while stopping, after the scheduler outlived the grace period
			this.busy.decrementAndGet();
			this.held.remove(delivery.id());
			this.unstarted.add(delivery.id());
		}
	}

	private void awaitCapacity(int wanted) {
		this.waitingForCapacity = true;
		try {
			// a worker finishing unparks us; the timeout guards against a missed signal
			while (!this.stopping && freeCapacity() < wanted && this.expiring.isEmpty()) {
				LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
			}
		}
		finally {
			this.waitingForCapacity = false;
		}
	}

	/**
	 * Free workers plus the batch claimed ahead, fewer when outcomes wait to be written, so a slow database slows
	 * claims down too.
	 */
	private int freeCapacity() {
		return Math.min(this.settings.maxConcurrency() + this.claimAhead - this.busy.get(),
				this.maxUnwritten - this.unwritten.get());
	}

	private void awaitWakeUpOrPoll() {
		long deadline = System.nanoTime() + this.settings.pollInterval().toNanos();
		while (!this.stopping && !this.wakeRequested.get()) {
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
			MDC.put(MDC_DELIVERY_ID, this.delivery.id());
			try {
				givenBack = !attempt(this.delivery);
			}
			catch (RuntimeException ex) {
				// a bug or a failing resolver must not strand the delivery until its lease expires
				logger.warn("Attempt of delivery {} failed unexpectedly", this.delivery.id(), ex);
				Instant now = DeliveryDispatcher.this.clock.instant();
				settle(this.delivery, now, 0, null, null,
						DeliveryDispatcher.this.outcomeRule.ofUnexpected(this.delivery.attemptCount(), ex, now));
			}
			finally {
				if (givenBack) {
					DeliveryDispatcher.this.expiring.add(this.delivery.id());
				}
				else {
					// only this claim's hold: once its outcome was queued, a newer claim may hold the id
					DeliveryDispatcher.this.held.remove(this.delivery.id(), this.delivery);
				}
				DeliveryDispatcher.this.busy.decrementAndGet();
				signalCapacity();
				if (givenBack) {
					wakeUp();
				}
				MDC.remove(MDC_DELIVERY_ID);
			}
		}

	}

	/** Returns false when the delivery's lease is too short to send it, so that it must be given back. */
	private boolean attempt(Delivery delivery) {
		int attemptNumber = delivery.attemptCount();
		Instant startedAt = this.clock.instant();
		if (attemptNumber > this.outcomeRule.maxAttempts()) {
			// earlier attempts were claimed but never completed (a dispatcher died mid-send): the budget is spent
			fail(delivery, new DeliveryAttempt(delivery.id(), attemptNumber, startedAt, Duration.ZERO, null, null,
					"no attempts left: attempt " + attemptNumber + " of at most " + this.outcomeRule.maxAttempts()));
			return true;
		}
		Optional<Endpoint> resolved = this.endpointResolver.resolve(delivery);
		if (resolved.isEmpty()) {
			fail(delivery, new DeliveryAttempt(delivery.id(), attemptNumber, startedAt, Duration.ZERO, null, null,
					"unknown target '" + delivery.target() + "'"));
			return true;
		}
		if (resolved.get().secrets().isEmpty()) {
			// unsigned webhooks are never sent: a receiver could not tell them from forged ones
			fail(delivery, new DeliveryAttempt(delivery.id(), attemptNumber, startedAt, Duration.ZERO, null, null,
					"no signing secret for target '" + delivery.target() + "'"));
			return true;
		}
		if (this.stopping) {
			this.unstarted.add(delivery.id());
			return true;
		}
		if (!leaseOutlastsCall(delivery)) {
			logger.debug("Delivery {} waited too long for a worker: its lease ends at {}, too soon to send it",
					delivery.id(), delivery.leaseExpiresAt());
			return false;
		}
		WebhookRequest request = request(delivery, resolved.get());
		long start = System.nanoTime();
		TransportResponse response;
		try {
			response = this.transport.send(request);
		}
		catch (IOException ex) {
			Instant now = this.clock.instant();
			settle(delivery, startedAt, System.nanoTime() - start, null, null,
					this.outcomeRule.ofException(attemptNumber, ex, now));
			return true;
		}
		long elapsed = System.nanoTime() - start;
		String excerpt = truncate(response.bodyExcerpt(), DeliveryAttempt.MAX_RESPONSE_EXCERPT);
		settle(delivery, startedAt, elapsed, response.statusCode(), excerpt,
				this.outcomeRule.ofResponse(attemptNumber, response, this.clock.instant()));
		return true;
	}

	/** Queues the outcome the rule decided for writing, and tells the listener. */
	private void settle(Delivery delivery, Instant startedAt, long elapsedNanos, @Nullable Integer statusCode,
			@Nullable String excerpt, OutcomeRule.Decision decision) {
		int attemptNumber = delivery.attemptCount();
		DeliveryAttempt attempt = new DeliveryAttempt(delivery.id(), attemptNumber, startedAt,
				Duration.ofNanos(elapsedNanos), statusCode, excerpt,
				truncate(decision.error(), DeliveryAttempt.MAX_ERROR));
		switch (decision.kind()) {
			case SUCCEEDED -> {
				logger.debug("Delivery {} succeeded with HTTP {} (attempt {})", delivery.id(), statusCode,
						attemptNumber);
				complete(delivery,
						new DeliveryOutcome(attempt, this.settings.leaseOwner(), DeliveryStatus.SUCCEEDED, null));
				notify(() -> this.listener.attemptSucceeded(delivery, attempt));
			}
			case RETRY -> {
				Instant nextAttemptAt = Objects.requireNonNull(decision.nextAttemptAt());
				logger.debug("Delivery {} attempt {} failed ({}); next attempt at {}", delivery.id(), attemptNumber,
						attempt.error(), nextAttemptAt);
				complete(delivery,
						new DeliveryOutcome(attempt, this.settings.leaseOwner(), DeliveryStatus.PENDING, nextAttemptAt));
				notify(() -> this.listener.attemptFailed(delivery, attempt, nextAttemptAt));
			}
			case FAILED, TARGET_GONE -> fail(delivery, attempt);
		}
	}

	private void fail(Delivery delivery, DeliveryAttempt attempt) {
		DeliveryAttempt capped = new DeliveryAttempt(attempt.deliveryId(), attempt.attemptNumber(),
				attempt.startedAt(), attempt.duration(), attempt.statusCode(), attempt.responseExcerpt(),
				truncate(attempt.error(), DeliveryAttempt.MAX_ERROR));
		logger.warn("Delivery {} (event {}, target '{}') failed for good after {} attempt(s): {}", delivery.id(),
				delivery.eventType(), delivery.target(), capped.attemptNumber(), capped.error());
		complete(delivery,
				new DeliveryOutcome(capped, this.settings.leaseOwner(), DeliveryStatus.FAILED, null));
		notify(() -> this.listener.deliveryFailed(delivery, capped));
	}

	private WebhookRequest request(Delivery delivery, Endpoint endpoint) {
		Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.put("user-agent", this.settings.userAgent());
		headers.putAll(delivery.headers());
		headers.putAll(endpoint.headers());
		return WebhookRequest.signed(delivery.httpMethod(), endpoint.url(), headers, delivery.payload(), delivery.id(),
				this.clock.instant().getEpochSecond(), this.settings.sourceId(), this.signer, endpoint.secrets());
	}

	private void complete(Delivery delivery, DeliveryOutcome outcome) {
		// released before the outcome can be written: a retry due soon may be claimed again while the worker is
		// still telling the listener, and must not be taken for a claim whose lease ran out
		this.held.remove(outcome.deliveryId());
		this.unwritten.incrementAndGet();
		this.outcomes.add(new Decided(delivery.target(), outcome));
	}

	/** Whether the call can end before the delivery's lease does, so no other dispatcher may take it over mid-send. */
	private boolean leaseOutlastsCall(Delivery delivery) {
		Duration needed = this.leaseNeededToSend;
		Instant leaseExpiresAt = delivery.leaseExpiresAt();
		return needed == null || leaseExpiresAt == null
				|| !this.clock.instant().plus(needed).isAfter(leaseExpiresAt);
	}

	private void signalCapacity() {
		if (this.waitingForCapacity) {
			Thread thread = this.scheduler;
			if (thread != null) {
				LockSupport.unpark(thread);
			}
		}
	}

	private void notify(Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Delivery listener failed", ex);
		}
	}

	// ---- completer thread

	private void completeOutcomes() {
		int batchSize = this.settings.batchSize();
		List<Decided> batch = new ArrayList<>(batchSize);
		while (true) {
			Decided first;
			try {
				first = this.outcomes.poll(50, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (first == null) {
				if (this.completerStopping) {
					return;
				}
				continue;
			}
			batch.add(first);
			this.outcomes.drainTo(batch, batchSize - batch.size());
			long lingerUntil = System.nanoTime() + COMPLETION_LINGER_NANOS;
			try {
				while (batch.size() < batchSize) {
					Decided next = this.outcomes.poll(lingerUntil - System.nanoTime(), TimeUnit.NANOSECONDS);
					if (next == null) {
						break;
					}
					batch.add(next);
					this.outcomes.drainTo(batch, batchSize - batch.size());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			write(batch);
			this.unwritten.addAndGet(-batch.size());
			signalCapacity();
			batch.clear();
		}
	}

	private void write(List<Decided> batch) {
		List<DeliveryOutcome> outcomes = batch.stream().map(Decided::outcome).toList();
		while (true) {
			try {
				int updated = this.store.complete(outcomes, this.clock.instant());
				if (updated < outcomes.size()) {
					logger.warn("{} of {} delivery outcomes were not written because their leases had moved on;"
							+ " is leaseDuration ({}) long enough?", outcomes.size() - updated, outcomes.size(),
							this.settings.leaseDuration());
				}
				recordTargetStates(batch);
				return;
			}
			catch (RuntimeException ex) {
				if (this.completerStopping && System.nanoTime() - this.completerDeadlineNanos > 0) {
					logger.error("Could not write {} delivery outcomes before stopping; those deliveries will be"
							+ " sent again once their leases expire", outcomes.size(), ex);
					return;
				}
				logger.warn("Writing {} delivery outcomes failed; trying again in {} ms: {}", outcomes.size(),
						errorBackoffMillis(), ex.toString());
				logger.debug("Completion failure", ex);
				LockSupport.parkNanos(this.errorBackoffNanos);
			}
		}
	}

	/** Records each target's latest result of the batch, on this thread: never on a worker, one write at a time. */
	private void recordTargetStates(List<Decided> batch) {
		TargetStateRecorder recorder = this.targetStates;
		if (recorder == null) {
			return;
		}
		Map<String, Boolean> succeeded = new LinkedHashMap<>();
		for (Decided decided : batch) {
			succeeded.put(decided.target(), decided.outcome().status() == DeliveryStatus.SUCCEEDED);
		}
		recorder.record(succeeded, this.clock.instant());
	}

	// ---- helpers

	private long errorBackoffMillis() {
		return TimeUnit.NANOSECONDS.toMillis(this.errorBackoffNanos);
	}

	private static @Nullable String truncate(@Nullable String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

	private static long remainingNanos(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

	/** Joins until the deadline; returns whether the wait was interrupted. */
	private static boolean join(Thread thread, long deadline) {
		try {
			long remaining = remainingNanos(deadline);
			if (remaining > 0) {
				TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
			}
			return false;
		}
		catch (InterruptedException ex) {
			return true;
		}
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	/** An outcome on its way to the outcome writer, with the target it is about. */
	private record Decided(String target, DeliveryOutcome outcome) {

	}

	private enum State {

		NEW, RUNNING, STOPPING, STOPPED

	}

}
