package dev.webhooks.dispatch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryLeases;

/**
 * The claimed deliveries a dispatcher holds and has not settled: in a worker's hands, waiting to be given back
 * because their lease became too short to send them, or never sent because the dispatcher was stopping. The last two
 * go back to the outbox in batches.
 * <p>
 * A claim returning a held id again means its lease ran out while it waited: that copy is never sent, so the new one
 * is not handed to a worker either, and the release of the old one returns it to the outbox.
 */
final class HeldDeliveries {

	private final Logger logger;

	private final DeliveryLeases store;

	private final String leaseOwner;

	private final Clock clock;

	/** The claims whose attempt has not finished or which wait to be given back, by id. */
	private final Map<String, Delivery> held = new ConcurrentHashMap<>();

	/** Claimed deliveries whose lease became too short to send them; given back in batches. */
	private final Queue<String> expiring = new ConcurrentLinkedQueue<>();

	/** Claimed deliveries that were never sent because the dispatcher was stopping; released on stop. */
	private final Queue<String> unstarted = new ConcurrentLinkedQueue<>();

	HeldDeliveries(DeliveryLeases store, DispatcherSettings settings, Clock clock) {
		this.store = store;
		this.leaseOwner = settings.leaseOwner();
		this.clock = clock;
		this.logger = LoggerFactory.getLogger(settings.loggerName());
	}

	/** Holds a fresh claim; false when an earlier claim of the same id is still held, so this one must not be sent. */
	boolean hold(Delivery delivery) {
		return this.held.putIfAbsent(delivery.id(), delivery) == null;
	}

	/** Stops holding the id, whichever claim holds it. */
	void unhold(String id) {
		this.held.remove(id);
	}

	/** Stops holding this claim, not a newer claim of the same id. */
	void unhold(Delivery delivery) {
		this.held.remove(delivery.id(), delivery);
	}

	/** The delivery's lease is too short to send it: {@link #giveBack()} returns it; it stays held until then. */
	void giveBackLater(String id) {
		this.expiring.add(id);
	}

	boolean hasGiveBacks() {
		return !this.expiring.isEmpty();
	}

	/** The delivery was never sent because the dispatcher is stopping: {@link #releaseUnsent()} returns it. */
	void releaseOnStop(String id) {
		this.unstarted.add(id);
	}

	/**
	 * Gives back the deliveries whose lease was too short to send them, so they are claimed with a fresh one.
	 * @return whether any were given back, and so are due now
	 */
	boolean giveBack() {
		if (this.expiring.isEmpty()) {
			return false;
		}
		List<String> ids = new ArrayList<>();
		for (String id; (id = this.expiring.poll()) != null;) {
			ids.add(id);
		}
		try {
			int released = this.store.release(this.leaseOwner, ids, this.clock.instant());
			this.logger.debug("Gave back {} claimed deliveries whose lease was too short to send them", released);
		}
		catch (RuntimeException ex) {
			this.logger.warn("Could not give back {} claimed deliveries whose lease was too short to send them; they"
					+ " will be claimed again once their leases expire: {}", ids.size(), ex.toString());
			this.logger.debug("Release failure", ex);
		}
		finally {
			// only now: until the release is done a claim returning them again would be undone by it
			ids.forEach(this.held::remove);
		}
		return true;
	}

	/** Releases, on stop, every delivery that was never sent: those waiting to be given back too. */
	void releaseUnsent() {
		for (String id; (id = this.expiring.poll()) != null;) {
			this.unstarted.add(id);
		}
		List<String> ids = new ArrayList<>();
		for (String id; (id = this.unstarted.poll()) != null;) {
			ids.add(id);
		}
		if (ids.isEmpty()) {
			return;
		}
		try {
			int released = this.store.release(this.leaseOwner, ids, this.clock.instant());
			this.logger.debug("Released {} claimed but unsent deliveries", released);
		}
		catch (RuntimeException ex) {
			this.logger.warn("Could not release {} claimed but unsent deliveries; they will be sent once their leases"
					+ " expire", ids.size(), ex);
		}
	}

}
