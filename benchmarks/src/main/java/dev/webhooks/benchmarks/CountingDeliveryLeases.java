package dev.webhooks.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.Target;

/**
 * Leases that count the dispatcher's round trips, the rows they carried and the time they took, and tell when every
 * delivery has been written as done without polling the database.
 */
final class CountingDeliveryLeases implements DeliveryLeases {

	private final DeliveryLeases delegate;

	final AtomicLong claims = new AtomicLong();

	final AtomicLong claimed = new AtomicLong();

	final AtomicLong claimNanos = new AtomicLong();

	final AtomicLong completions = new AtomicLong();

	final AtomicLong completed = new AtomicLong();

	final AtomicLong completeNanos = new AtomicLong();

	CountingDeliveryLeases(DeliveryLeases delegate) {
		this.delegate = delegate;
	}

	@Override
	public List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit) {
		return claim(leaseOwner, now, lease, limit, Set.of());
	}

	@Override
	public List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit, Set<Target> skipped) {
		long start = System.nanoTime();
		List<Delivery> result = this.delegate.claim(leaseOwner, now, lease, limit, skipped);
		this.claimNanos.addAndGet(System.nanoTime() - start);
		this.claims.incrementAndGet();
		this.claimed.addAndGet(result.size());
		return result;
	}

	@Override
	public int complete(List<DeliveryOutcome> outcomes, Instant now) {
		long start = System.nanoTime();
		int written = this.delegate.complete(outcomes, now);
		this.completeNanos.addAndGet(System.nanoTime() - start);
		this.completions.incrementAndGet();
		this.completed.addAndGet(written);
		return written;
	}

	@Override
	public int release(String leaseOwner, Collection<String> deliveryIds, Instant now) {
		return this.delegate.release(leaseOwner, deliveryIds, now);
	}

	@Override
	public int defer(String leaseOwner, Map<String, Instant> dueAtById, Instant now) {
		return this.delegate.defer(leaseOwner, dueAtById, now);
	}

	@Override
	public int deferTarget(dev.webhooks.delivery.Target target, Instant dueAt, Instant now) {
		return this.delegate.deferTarget(target, dueAt, now);
	}

	// the interface's default answers every id, which would hide the check a Kafka-mode worker relies on
	@Override
	public Set<String> held(Map<String, String> leaseOwnerById) {
		return this.delegate.held(leaseOwnerById);
	}

}
