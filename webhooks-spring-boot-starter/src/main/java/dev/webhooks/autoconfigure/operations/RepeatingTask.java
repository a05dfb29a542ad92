package dev.webhooks.autoconfigure.operations;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs a task of the operations (the purge, the auto-disable check) at a fixed delay on a daemon thread of its own,
 * while the application runs. Every instance may run it: each task is safe to run from several instances at once.
 * A failure is logged and the task runs again after the next delay.
 */
final class RepeatingTask implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RepeatingTask.class);

	private final String name;

	private final Duration interval;

	private final Runnable task;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * @param name what the task does, for its thread and its log lines, e.g. {@code outbox-purge}
	 * @param interval the delay between two runs, and before the first
	 * @param task the task
	 */
	RepeatingTask(String name, Duration interval, Runnable task) {
		this.name = name;
		this.interval = interval;
		this.task = task;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "webhooks-" + this.name);
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
	}

	void run() {
		try {
			this.task.run();
		}
		catch (RuntimeException ex) {
			logger.warn("webhooks {} failed; will run again in {}: {}", this.name, this.interval, ex.toString());
			logger.debug("{} failure", this.name, ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
