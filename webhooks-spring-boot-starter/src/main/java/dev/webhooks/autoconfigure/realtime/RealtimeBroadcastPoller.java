package dev.webhooks.autoconfigure.realtime;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.webhooks.realtime.RealtimeEvent;
import dev.webhooks.realtime.RealtimeTransport;
import dev.webhooks.realtime.jdbc.JdbcRealtimeBroadcast;
import dev.webhooks.scheduling.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The database broadcast as a transport: pushes append to the table, and while the application runs the table is
 * polled, handing every instance's events to this instance's subscribers. An application without
 * {@code @RealtimeChannels} entities has nothing to push, so it does not poll at all.
 */
final class RealtimeBroadcastPoller implements RealtimeTransport, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RealtimeBroadcastPoller.class);

	private final JdbcRealtimeBroadcast broadcast;

	private final PeriodicTask polling;

	private final BooleanSupplier realtimeEntities;

	/**
	 * @param broadcast the table
	 * @param interval how often to poll
	 * @param realtimeEntities whether the application has {@code @RealtimeChannels} entities, asked at start
	 */
	RealtimeBroadcastPoller(JdbcRealtimeBroadcast broadcast, Duration interval, BooleanSupplier realtimeEntities) {
		this.broadcast = broadcast;
		// a failure is logged once per outage by the task, not every few hundred milliseconds
		this.polling = new PeriodicTask("realtime-poll", Duration.ZERO, interval, broadcast::poll);
		this.realtimeEntities = realtimeEntities;
	}

	@Override
	public void push(List<RealtimeEvent> events) {
		this.broadcast.push(events);
		// this instance's own subscribers need not wait for the next poll; other instances do
		this.polling.runSoon();
	}

	@Override
	public void start() {
		if (!this.realtimeEntities.getAsBoolean()) {
			logger.debug("No @RealtimeChannels entities: the realtime broadcast table is not polled");
			return;
		}
		this.polling.start();
	}

	@Override
	public void stop() {
		this.polling.close();
	}

	@Override
	public boolean isRunning() {
		return this.polling.isRunning();
	}

}
