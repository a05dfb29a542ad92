package dev.webhooks.eventlog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the events older than the retention, one short transaction per batch: run by the periodic purge of the
 * outbox, so one job keeps both tables small.
 */
public final class EventLogPurge implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(EventLogPurge.class);

	private final EventLog log;

	private final Clock clock;

	private final Duration retention;

	private final int batchSize;

	/**
	 * @param retention how long an event is kept
	 * @param batchSize the most events deleted in one transaction
	 */
	public EventLogPurge(EventLog log, Clock clock, Duration retention, int batchSize) {
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("retention must be positive, but is " + retention);
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be at least 1, but is " + batchSize);
		}
		this.log = log;
		this.clock = clock;
		this.retention = retention;
		this.batchSize = batchSize;
	}

	public Duration retention() {
		return this.retention;
	}

	@Override
	public void run() {
		purge();
	}

	/**
	 * Deletes every event that occurred longer than the retention ago.
	 * @return how many were deleted
	 */
	public long purge() {
		Instant occurredBefore = this.clock.instant().minus(this.retention);
		long deleted = 0;
		int last;
		do {
			last = this.log.purge(occurredBefore, this.batchSize);
			deleted += last;
		}
		while (last == this.batchSize);
		if (deleted > 0) {
			logger.info("Purge: {} logged events that occurred before {} deleted", deleted, occurredBefore);
		}
		return deleted;
	}

}
