package dev.webhooks.autoconfigure.operations;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.webhooks.operations.WebhookOperations;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Purges finished deliveries older than {@code webhooks.operations.purge.retention} every
 * {@code webhooks.operations.purge.interval}, on a daemon thread of its own. Every instance may run it: batches
 * deleted by one are simply not found by another.
 */
final class OutboxPurgeScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxPurgeScheduler.class);

	private final WebhookOperations operations;

	private final Duration retention;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	OutboxPurgeScheduler(WebhookOperations operations, Duration retention, Duration interval) {
		this.operations = operations;
		this.retention = retention;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.interval.isZero() || this.interval.isNegative() || this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "webhooks-outbox-purge");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::purge, millis, millis, TimeUnit.MILLISECONDS);
	}

	void purge() {
		try {
			this.operations.purge(this.retention);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not purge finished deliveries; will try again in {}: {}", this.interval, ex.toString());
			logger.debug("Purge failure", ex);
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
