package dev.webhooks.dispatch;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

/**
 * How many more deliveries a dispatcher may claim: its free workers plus one batch claimed ahead, which waits while
 * the workers send the one before; fewer while outcomes wait to be written, so a slow database slows claims down
 * too. The scheduler waits here for room, and a worker finishing or a batch of outcomes written wakes it.
 */
final class ClaimCapacity {

	private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final int maxConcurrency;

	/** Claimed deliveries allowed beyond the workers. */
	private final int claimAhead;

	/** Claims pause when this many outcomes wait to be written: the database has fallen behind. */
	private final int maxUnwritten;

	private final IntSupplier unwritten;

	/** Claimed deliveries whose attempt has not finished yet. */
	private final AtomicInteger busy = new AtomicInteger();

	private volatile @Nullable Thread waiter;

	/**
	 * @param unwritten how many decided outcomes are not written yet
	 */
	ClaimCapacity(DispatcherSettings settings, IntSupplier unwritten) {
		this.maxConcurrency = settings.maxConcurrency();
		this.claimAhead = settings.batchSize();
		this.maxUnwritten = 2 * Math.max(settings.batchSize(), settings.maxConcurrency());
		this.unwritten = unwritten;
	}

	/** How many more deliveries may be claimed now. */
	int free() {
		return Math.min(this.maxConcurrency + this.claimAhead - this.busy.get(),
				this.maxUnwritten - this.unwritten.getAsInt());
	}

	/** A claimed delivery was handed to the workers. */
	void taken() {
		this.busy.incrementAndGet();
	}

	/** A claimed delivery's attempt is over, or it was never started. */
	void returned() {
		this.busy.decrementAndGet();
	}

	/** Waits until {@code wanted} places are free, or {@code stopWaiting} says there is other work. */
	void await(int wanted, BooleanSupplier stopWaiting) {
		this.waiter = Thread.currentThread();
		try {
			// a worker finishing unparks us; the timeout guards against a missed signal
			while (!stopWaiting.getAsBoolean() && free() < wanted) {
				LockSupport.parkNanos(this, MAX_WAIT_NANOS);
			}
		}
		finally {
			this.waiter = null;
		}
	}

	/** Wakes the thread waiting for room, if any, to look again. */
	void signal() {
		Thread thread = this.waiter;
		if (thread != null) {
			LockSupport.unpark(thread);
		}
	}

}
