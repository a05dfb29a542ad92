package dev.webhooks.hooks;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the store's revision on a daemon thread and reloads the registry when it moved, so a change made on any
 * instance applies on this one within one interval (plus the time a reload takes).
 */
public final class HookRefresher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(HookRefresher.class);

	private final HookRegistry registry;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	private boolean failing;

	public HookRefresher(HookRegistry registry, Duration interval) {
		if (interval.isZero() || interval.isNegative()) {
			throw new IllegalArgumentException("refresh interval must be positive, but is " + interval);
		}
		this.registry = registry;
		this.interval = interval;
	}

	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "webhooks-hooks-refresh");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		executor.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	private void poll() {
		try {
			this.registry.refreshIfChanged();
			if (this.failing) {
				logger.info("Reading hooks works again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			// logged once per outage: the poll runs every few seconds
			if (!this.failing) {
				logger.warn("Could not read hooks; the last loaded ones stay in force: {}", ex.getMessage());
				this.failing = true;
			}
		}
	}

	@Override
	public synchronized void close() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

}
