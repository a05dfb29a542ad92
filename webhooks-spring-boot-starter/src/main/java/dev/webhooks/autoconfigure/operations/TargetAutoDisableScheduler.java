package dev.webhooks.autoconfigure.operations;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.webhooks.operations.TargetAutoDisable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link TargetAutoDisable#check()} every {@code webhooks.operations.auto-disable.check-interval}, on a daemon
 * thread of its own. Every instance may run it: a target is disabled once, and parking twice changes nothing.
 */
final class TargetAutoDisableScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TargetAutoDisableScheduler.class);

	private final TargetAutoDisable autoDisable;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	TargetAutoDisableScheduler(TargetAutoDisable autoDisable, Duration interval) {
		this.autoDisable = autoDisable;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "webhooks-target-auto-disable");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
	}

	private void check() {
		try {
			this.autoDisable.check();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check for failing targets; will try again in {}: {}", this.interval, ex.toString());
			logger.debug("Check failure", ex);
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
