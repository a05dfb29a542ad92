package dev.webhooks.autoconfigure.realtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.webhooks.realtime.RealtimeEvent;
import dev.webhooks.realtime.RealtimeTransport;
import dev.webhooks.realtime.jdbc.JdbcRealtimeBroadcast;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The database broadcast as a transport: pushes append to the table, and while the application runs the table is
 * polled, handing every instance's events to this instance's subscribers.
 */
final class RealtimeBroadcastPoller implements RealtimeTransport, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RealtimeBroadcastPoller.class);

	private final JdbcRealtimeBroadcast broadcast;

	private final Duration interval;

	private volatile @Nullable ScheduledExecutorService scheduler;

	private volatile boolean failing;

	RealtimeBroadcastPoller(JdbcRealtimeBroadcast broadcast, Duration interval) {
		this.broadcast = broadcast;
		this.interval = interval;
	}

	@Override
	public void push(List<RealtimeEvent> events) {
		this.broadcast.push(events);
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "webhooks-realtime-poller");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.scheduleWithFixedDelay(this::poll, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
	}

	private void poll() {
		try {
			this.broadcast.poll();
			if (this.failing) {
				logger.info("Reading realtime events from the database works again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			// once per outage, not every few hundred milliseconds
			if (!this.failing) {
				logger.warn("Could not read realtime events from the database: {}", ex.getMessage(), ex);
				this.failing = true;
			}
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
