package dev.webhooks.scheduling;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job at a fixed delay on a daemon thread of its own while started: the one way the library does periodic
 * work. A failing job is logged once at WARN, without its stack trace (DEBUG has it), until a run succeeds again,
 * which is logged at INFO: a database outage gives two log lines, not one per run.
 * <pre>{@code
 * PeriodicTask purge = new PeriodicTask("idempotency-purge", Duration.ofMinutes(5), store::purgeExpired);
 * purge.start();
 * // ...
 * purge.close();
 * }</pre>
 */
public final class PeriodicTask implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PeriodicTask.class);

	private final String name;

	private final Duration initialDelay;

	private final Duration interval;

	private final Runnable job;

	private @Nullable ScheduledExecutorService executor;

	private volatile boolean failing;

	/**
	 * A task whose first run comes one interval after {@link #start()}.
	 * @param name what the job does, for its thread ({@code webhooks-<name>}) and its log lines, e.g.
	 * {@code outbox-purge}
	 * @param interval the delay between the end of one run and the start of the next
	 * @param job the work; an exception it throws is logged and the next run comes as usual
	 */
	public PeriodicTask(String name, Duration interval, Runnable job) {
		this(name, interval, interval, job);
	}

	/**
	 * A task whose first run comes after the given delay.
	 * @param name what the job does, for its thread ({@code webhooks-<name>}) and its log lines
	 * @param initialDelay the delay before the first run; zero runs it at once
	 * @param interval the delay between the end of one run and the start of the next
	 * @param job the work
	 */
	public PeriodicTask(String name, Duration initialDelay, Duration interval, Runnable job) {
		if (name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
		if (interval.isZero() || interval.isNegative()) {
			throw new IllegalArgumentException("interval of '" + name + "' must be positive, but is " + interval);
		}
		if (initialDelay.isNegative()) {
			throw new IllegalArgumentException(
					"initial delay of '" + name + "' must not be negative, but is " + initialDelay);
		}
		this.name = name;
		this.initialDelay = initialDelay;
		this.interval = interval;
		this.job = job;
	}

	/** Starts running the job on its own daemon thread; does nothing when started already. */
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "webhooks-" + this.name);
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::run, this.initialDelay.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	/**
	 * Asks for a run as soon as the task's thread is free, besides the scheduled ones; does nothing when the task is
	 * not running.
	 */
	public void runSoon() {
		ScheduledExecutorService executor;
		synchronized (this) {
			executor = this.executor;
		}
		if (executor != null) {
			try {
				executor.execute(this::run);
			}
			catch (RejectedExecutionException ex) {
				// closed meanwhile: nothing left to run
			}
		}
	}

	/** Runs the job once on the calling thread, logging a failure as a scheduled run does. */
	public void run() {
		try {
			this.job.run();
			if (this.failing) {
				this.failing = false;
				logger.info("webhooks {} works again", this.name);
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("webhooks {} failed; it runs again every {} and logs again once it works: {}", this.name,
						this.interval, ex.toString());
			}
			logger.debug("webhooks {} failure", this.name, ex);
		}
	}

	/** Whether the last run failed. */
	public boolean isFailing() {
		return this.failing;
	}

	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	public String name() {
		return this.name;
	}

	public Duration interval() {
		return this.interval;
	}

	/** Stops the scheduled runs, interrupting one in progress. */
	@Override
	public synchronized void close() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

}
