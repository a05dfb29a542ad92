package dev.webhooks.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.events.OperationalEventListener;
import dev.webhooks.events.TargetDisabled;

/**
 * Writes decided outcomes on one completer thread, in batches of up to the batch size: an outcome waits at most a
 * few milliseconds for others to share its database round trip. A failed write is tried again until it succeeds, or
 * until the stop deadline has passed; each batch also records its targets' states, on the same thread. Outcomes not
 * yet written are counted, so that the dispatcher can claim less while the database falls behind.
 */
final class OutcomeWriter {

	/** How long the completer waits for more outcomes to share a database round trip. */
	private static final long COMPLETION_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	/** Outcomes already decided deserve a write even when the grace period is used up. */
	private static final long MIN_STOP_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Logger logger;

	private final DeliveryLeases store;

	private final @Nullable TargetStateRecorder targetStates;

	private final DispatcherSettings settings;

	private final Clock clock;

	private final long errorBackoffNanos;

	private final Runnable onWritten;

	private final OperationalEventListener events;

	private final Runnable onLaneFreed;

	private final BlockingQueue<Decided> outcomes = new LinkedBlockingQueue<>();

	/** Outcomes decided but not yet written. */
	private final AtomicInteger unwritten = new AtomicInteger();

	private volatile boolean stopping;

	private volatile long deadlineNanos = Long.MAX_VALUE;

	private @Nullable Thread thread;

	/**
	 * @param targetStates records each target's state with the outcomes written, or {@code null}
	 * @param errorBackoff how long to wait before writing again after a database failure
	 * @param onWritten called on the completer thread after each batch, written or not
	 */
	OutcomeWriter(DeliveryLeases store, @Nullable TargetStateRecorder targetStates, DispatcherSettings settings,
			Clock clock, Duration errorBackoff, Runnable onWritten) {
		this(store, targetStates, settings, clock, errorBackoff, onWritten, OperationalEventListener.NONE, () -> {
		});
	}

	/**
	 * @param events hears of targets disabled because they answered 410 Gone
	 * @param onLaneFreed called on the completer thread after a batch that finished an ordered delivery, whose
	 * lane's next delivery is claimable now
	 */
	OutcomeWriter(DeliveryLeases store, @Nullable TargetStateRecorder targetStates, DispatcherSettings settings,
			Clock clock, Duration errorBackoff, Runnable onWritten, OperationalEventListener events,
			Runnable onLaneFreed) {
		this.events = Objects.requireNonNull(events, "events");
		this.onLaneFreed = Objects.requireNonNull(onLaneFreed, "onLaneFreed");
		this.store = Objects.requireNonNull(store, "store");
		this.targetStates = targetStates;
		this.settings = Objects.requireNonNull(settings, "settings");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.errorBackoffNanos = errorBackoff.toNanos();
		this.onWritten = Objects.requireNonNull(onWritten, "onWritten");
		this.logger = LoggerFactory.getLogger(settings.loggerName());
	}

	/** Starts the completer thread. */
	void start() {
		Thread completer = DispatchThreads.daemon(this::completeOutcomes, "webhooks-dispatch-completer");
		this.thread = completer;
		completer.start();
	}

	/** Queues an outcome for writing. */
	void add(Target target, DeliveryOutcome outcome) {
		add(target, outcome, false, false);
	}

	/**
	 * Queues an outcome for writing.
	 * @param gone whether the target answered 410 Gone: it is disabled once the outcome is written
	 * @param ordered whether the delivery has an ordering key: once it is finished, the next one of its lane is due
	 */
	void add(Target target, DeliveryOutcome outcome, boolean gone, boolean ordered) {
		this.unwritten.incrementAndGet();
		this.outcomes.add(new Decided(target, outcome, gone, ordered && outcome.status() != DeliveryStatus.PENDING));
	}

	/** Outcomes queued and not yet written. */
	int unwritten() {
		return this.unwritten.get();
	}

	/**
	 * Writes what is queued and stops, waiting until the deadline but at least one second.
	 * @return whether the wait was interrupted
	 */
	boolean stop(long deadlineNanos) {
		this.deadlineNanos = Math.max(deadlineNanos, System.nanoTime() + MIN_STOP_NANOS);
		this.stopping = true;
		return DispatchThreads.join(Objects.requireNonNull(this.thread), this.deadlineNanos);
	}

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
				if (this.stopping) {
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
			this.onWritten.run();
			if (batch.stream().anyMatch(Decided::freesLane)) {
				this.onLaneFreed.run();
			}
			batch.clear();
		}
	}

	private void write(List<Decided> batch) {
		List<DeliveryOutcome> outcomes = batch.stream().map(Decided::outcome).toList();
		while (true) {
			try {
				int updated = this.store.complete(outcomes, this.clock.instant());
				if (updated < outcomes.size()) {
					this.logger.warn("{} of {} delivery outcomes were not written because their leases had moved on;"
							+ " is leaseDuration ({}) long enough?", outcomes.size() - updated, outcomes.size(),
							this.settings.leaseDuration());
				}
				recordTargetStates(batch);
				return;
			}
			catch (RuntimeException ex) {
				if (this.stopping && System.nanoTime() - this.deadlineNanos > 0) {
					this.logger.error("Could not write {} delivery outcomes before stopping; those deliveries will be"
							+ " sent again once their leases expire", outcomes.size(), ex);
					return;
				}
				this.logger.warn("Writing {} delivery outcomes failed; trying again in {} ms: {}", outcomes.size(),
						TimeUnit.NANOSECONDS.toMillis(this.errorBackoffNanos), ex.toString());
				this.logger.debug("Completion failure", ex);
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
		Map<Target, Boolean> succeeded = new LinkedHashMap<>();
		Map<Target, Boolean> gone = new LinkedHashMap<>();
		for (Decided decided : batch) {
			succeeded.put(decided.target(), decided.outcome().status() == DeliveryStatus.SUCCEEDED);
			if (decided.gone()) {
				gone.put(decided.target(), true);
			}
		}
		recorder.record(succeeded, this.clock.instant());
		for (Target target : gone.keySet()) {
			java.time.Instant now = this.clock.instant();
			if (recorder.disableGone(target, now)) {
				this.logger.warn("Target '{}' disabled: it answered 410 Gone. Its deliveries are kept and sent once it"
						+ " is enabled again (operation enable-target)", target);
				try {
					this.events.onEvent(new TargetDisabled(target, TargetDisabled.Reason.GONE, now));
				}
				catch (RuntimeException ex) {
					this.logger.warn("Operational event listener failed on endpoint.disabled", ex);
				}
			}
		}
	}

	/**
	 * An outcome on its way to the database, with the target it is about, whether the target answered 410 Gone, and
	 * whether it finishes an ordered delivery.
	 */
	private record Decided(Target target, DeliveryOutcome outcome, boolean gone, boolean freesLane) {

	}

}
