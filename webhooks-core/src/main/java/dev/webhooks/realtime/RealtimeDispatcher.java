package dev.webhooks.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes committed events off the committing thread: a bounded queue and one worker thread, which drains what has
 * queued up and hands it to every transport in one call, in commit order. When the queue is full the events are
 * dropped (logged and counted) rather than blocking or failing the business transaction; so are events a transport
 * fails to send.
 */
public final class RealtimeDispatcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RealtimeDispatcher.class);

	private static final int MAX_BATCH = 500;

	private final List<RealtimeTransport> transports;

	private final BlockingQueue<List<RealtimeEvent>> queue;

	private final AtomicLong pushed = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final Thread worker;

	private volatile boolean running = true;

	/**
	 * @param queueCapacity how many committed transactions may wait to be pushed
	 */
	public RealtimeDispatcher(List<RealtimeTransport> transports, int queueCapacity) {
		if (queueCapacity < 1) {
			throw new IllegalArgumentException("queueCapacity must be at least 1, not " + queueCapacity);
		}
		this.transports = List.copyOf(transports);
		this.queue = new ArrayBlockingQueue<>(queueCapacity);
		this.worker = new Thread(this::run, "webhooks-realtime");
		this.worker.setDaemon(true);
		this.worker.start();
	}

	/**
	 * Queues the events of one committed transaction; returns at once.
	 * @return whether they were queued, {@code false} when the queue is full or the dispatcher closed
	 */
	public boolean dispatch(List<RealtimeEvent> events) {
		if (events.isEmpty()) {
			return true;
		}
		if (this.running && this.queue.offer(List.copyOf(events))) {
			return true;
		}
		this.dropped.addAndGet(events.size());
		logger.warn("Dropped {} realtime event(s) ({}): the push queue is full or closed", events.size(),
				events.get(0).name());
		return false;
	}

	private void run() {
		while (this.running || !this.queue.isEmpty()) {
			List<RealtimeEvent> batch;
			try {
				List<RealtimeEvent> first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch = new ArrayList<>(first);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			List<List<RealtimeEvent>> more = new ArrayList<>();
			while (batch.size() < MAX_BATCH && this.queue.drainTo(more, 1) > 0) {
				batch.addAll(more.remove(0));
			}
			push(batch);
		}
	}

	private void push(List<RealtimeEvent> batch) {
		for (RealtimeTransport transport : this.transports) {
			try {
				transport.push(batch);
				this.pushed.addAndGet(batch.size());
			}
			catch (RuntimeException ex) {
				int failures = (ex instanceof RealtimePushException push && push.failedEvents() >= 0)
						? push.failedEvents() : batch.size();
				this.pushed.addAndGet(batch.size() - failures);
				this.failed.addAndGet(failures);
				logger.warn("Could not push {} realtime event(s) with {}: {}", batch.size(),
						transport.getClass().getSimpleName(), ex.getMessage(), ex);
			}
		}
	}

	/** Events sent by a transport, counted once per transport. */
	public long pushedCount() {
		return this.pushed.get();
	}

	/** Events a transport failed to send, counted once per transport. */
	public long failedCount() {
		return this.failed.get();
	}

	/** Events dropped because the queue was full. */
	public long droppedCount() {
		return this.dropped.get();
	}

	/** Events waiting to be pushed, counted by transaction. */
	public int queuedTransactions() {
		return this.queue.size();
	}

	/** Stops taking events, pushes what is queued (waiting up to five seconds) and stops the worker. */
	@Override
	public void close() {
		this.running = false;
		try {
			this.worker.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.worker.interrupt();
	}

}
