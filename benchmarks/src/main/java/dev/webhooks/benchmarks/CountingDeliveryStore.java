package dev.webhooks.benchmarks;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryQuery;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.DeliveryStore;
import dev.webhooks.delivery.OutboxStats;

/**
 * A store that counts the dispatcher's round trips, the rows they carried and the time they took, and tells when
 * every delivery has been written as done without polling the database.
 */
final class CountingDeliveryStore implements DeliveryStore {

	private final DeliveryStore delegate;

	final AtomicLong claims = new AtomicLong();

	final AtomicLong claimed = new AtomicLong();

	final AtomicLong claimNanos = new AtomicLong();

	final AtomicLong completions = new AtomicLong();

	final AtomicLong completed = new AtomicLong();

	final AtomicLong completeNanos = new AtomicLong();

	CountingDeliveryStore(DeliveryStore delegate) {
		this.delegate = delegate;
	}

	@Override
	public void insert(Connection connection, List<dev.webhooks.delivery.NewDelivery> deliveries) {
		this.delegate.insert(connection, deliveries);
	}

	@Override
	public List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit) {
		long start = System.nanoTime();
		List<Delivery> result = this.delegate.claim(leaseOwner, now, lease, limit);
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
	public Optional<Delivery> find(String id) {
		return this.delegate.find(id);
	}

	@Override
	public List<DeliveryAttempt> attempts(String deliveryId) {
		return this.delegate.attempts(deliveryId);
	}

	@Override
	public List<Delivery> find(DeliveryQuery query) {
		return this.delegate.find(query);
	}

	@Override
	public long count(DeliveryStatus status) {
		return this.delegate.count(status);
	}

	@Override
	public int resend(Collection<String> ids, Instant now) {
		return this.delegate.resend(ids, now);
	}

	@Override
	public int retry(DeliverySelection selection, Instant now) {
		return this.delegate.retry(selection, now);
	}

	@Override
	public int sendNow(DeliverySelection selection, Instant now) {
		return this.delegate.sendNow(selection, now);
	}

	@Override
	public int cancel(DeliverySelection selection, Instant now) {
		return this.delegate.cancel(selection, now);
	}

	@Override
	public Map<DeliveryStatus, Long> countByStatus(@Nullable Instant createdSince) {
		return this.delegate.countByStatus(createdSince);
	}

	@Override
	public int purgeFinished(Instant completedBefore, int limit) {
		return this.delegate.purgeFinished(completedBefore, limit);
	}

	@Override
	public OutboxStats stats(Instant failingSince, int maxFailingTargets) {
		return this.delegate.stats(failingSince, maxFailingTargets);
	}

}
