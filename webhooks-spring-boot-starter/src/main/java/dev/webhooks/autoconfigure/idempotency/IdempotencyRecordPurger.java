package dev.webhooks.autoconfigure.idempotency;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.webhooks.idempotency.IdempotencyStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Deletes expired idempotency records every {@code webhooks.idempotency.purge-interval}, on a daemon thread of its
 * own.
 */
final class IdempotencyRecordPurger implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyRecordPurger.class);

	private final IdempotencyStore store;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	IdempotencyRecordPurger(IdempotencyStore store, Duration interval) {
		this.store = store;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.interval.isZero() || this.interval.isNegative() || this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "webhooks-idempotency-purge");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::purge, millis, millis, TimeUnit.MILLISECONDS);
	}

	void purge() {
		try {
			int purged = this.store.purgeExpired();
			if (purged > 0) {
				logger.debug("Deleted {} expired idempotency records", purged);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not delete expired idempotency records; will retry in {}", this.interval, ex);
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
