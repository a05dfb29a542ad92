package dev.webhooks.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.DeliveryLeases;

/**
 * Claimed deliveries their target's lane could not take (lane full past its bound, circuit open, target paused),
 * on their way back to the outbox with a later due time and their attempt not counted. Queued from any thread and
 * written by the scheduler in one transaction per round; they stay held until then, so a claim cannot take them
 * again halfway.
 */
final class DeferredDeliveries {

	private final Logger logger;

	private final DeliveryLeases store;

	private final String leaseOwner;

	private final Clock clock;

	private final Queue<TargetLanes.Deferral> queued = new ConcurrentLinkedQueue<>();


	DeferredDeliveries(DeliveryLeases store, DispatcherSettings settings, Clock clock) {
		this.store = store;
		this.leaseOwner = settings.leaseOwner();
		this.clock = clock;
		this.logger = LoggerFactory.getLogger(settings.loggerName());
	}

	void add(TargetLanes.Deferral deferral) {
		this.queued.add(deferral);
	}

	boolean isEmpty() {
		return this.queued.isEmpty();
	}

	/**
	 * Gives the queued deliveries back, each due at its time.
	 * @param settled called for each delivery once it is no longer this dispatcher's, written or not
	 * @return how many were queued
	 */
	int write(Consumer<String> settled) {
		Map<String, Instant> dueAtById = new LinkedHashMap<>();
		for (TargetLanes.Deferral deferral; (deferral = this.queued.poll()) != null;) {
			dueAtById.put(java.util.Objects.requireNonNull(deferral.delivery()).id(), deferral.until());
		}
		if (dueAtById.isEmpty()) {
			return 0;
		}
		try {
			int deferred = this.store.defer(this.leaseOwner, dueAtById, this.clock.instant());
			this.logger.debug("Deferred {} claimed deliveries their targets could not take now", deferred);
		}
		catch (RuntimeException ex) {
			this.logger.warn("Could not defer {} claimed deliveries their targets could not take now; they will be"
					+ " claimed again once their leases expire: {}", dueAtById.size(), ex.toString());
			this.logger.debug("Deferral failure", ex);
		}
		finally {
			dueAtById.keySet().forEach(settled);
		}
		return dueAtById.size();
	}

	/** Moves the due backlog of a target (a deferral without a delivery) to the deferral's time. */
	void deferTarget(TargetLanes.Deferral backlog) {
		try {
			int moved = this.store.deferTarget(backlog.target(), backlog.until(), this.clock.instant());
			this.logger.debug("Moved {} due deliveries of target '{}' to {}: it cannot take them now", moved,
					backlog.target(), backlog.until());
		}
		catch (RuntimeException ex) {
			// they stay due: claims bring them back and the lane defers them one by one
			this.logger.debug("Could not move the due deliveries of target '{}'", backlog.target(), ex);
		}
	}

}
