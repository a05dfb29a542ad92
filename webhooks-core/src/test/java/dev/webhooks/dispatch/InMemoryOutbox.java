package dev.webhooks.dispatch;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.OutboxWriter;

/**
 * The outbox in memory for the dispatcher's tests: a thread-safe {@link OutboxWriter} and {@link DeliveryLeases}
 * that keep the leases' contract: claims take only due rows, of ordered rows only the head of each lane (target and
 * ordering key, in insertion order), and set leases, completions from an owner that lost its lease are dropped,
 * releases do not count the attempt.
 */
public final class InMemoryOutbox implements OutboxWriter, DeliveryLeases {

	private final Map<String, Delivery> deliveries = new LinkedHashMap<>();

	private final Map<String, List<DeliveryAttempt>> attempts = new LinkedHashMap<>();

	private final Clock clock;

	private int claimCalls;

	private final List<Integer> claimSizes = new ArrayList<>();

	private int completeCalls;

	private int releasedCount;

	private int failingClaims;

	private int failingCompletes;

	public InMemoryOutbox(Clock clock) {
		this.clock = clock;
	}

	/** Adds deliveries as if a transaction had committed them. */
	void add(List<NewDelivery> deliveries) {
		insert(null, deliveries);
	}

	@Override
	public synchronized void insert(@Nullable Connection connection, List<NewDelivery> newDeliveries) {
		Instant now = this.clock.instant();
		for (NewDelivery d : newDeliveries) {
			if (this.deliveries.containsKey(d.id())) {
				throw new IllegalStateException("duplicate delivery id " + d.id());
			}
			boolean failed = d.failure() != null;
			this.deliveries.put(d.id(), new Delivery(d.id(), d.target(), d.url(), d.httpMethod(), d.headers(),
					d.eventType(), d.entityType(), d.entityId(), d.payload(),
					failed ? DeliveryStatus.FAILED : DeliveryStatus.PENDING, 0, d.createdAt(), null, null, null,
					d.failure(), d.createdAt(), now, failed ? d.createdAt() : null, d.traceContext(), d.orderingKey()));
			this.attempts.put(d.id(), new ArrayList<>());
		}
	}

	@Override
	public synchronized List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit) {
		return claim(leaseOwner, now, lease, limit, Set.of());
	}

	@Override
	public synchronized List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit,
			Set<Target> skipped) {
		this.claimCalls++;
		if (this.failingClaims > 0) {
			this.failingClaims--;
			throw new IllegalStateException("database is down (claim)");
		}
		List<Delivery> due = laneHeads()
			.stream()
			.filter((d) -> isDue(d, now) && !skipped.contains(d.target()))
			.sorted(Comparator.comparing(Delivery::nextAttemptAt).thenComparing(Delivery::createdAt))
			.limit(limit)
			.toList();
		List<Delivery> claimed = new ArrayList<>(due.size());
		for (Delivery d : due) {
			Delivery updated = copy(d, DeliveryStatus.IN_FLIGHT, d.attemptCount() + 1, d.nextAttemptAt(), leaseOwner,
					now.plus(lease), d.lastStatusCode(), d.lastError(), now, d.completedAt());
			this.deliveries.put(d.id(), updated);
			claimed.add(updated);
		}
		this.claimSizes.add(claimed.size());
		return claimed;
	}

	/** Every unordered row, and of ordered rows those with no earlier unfinished row of their lane. */
	private List<Delivery> laneHeads() {
		Set<List<String>> busyLanes = new HashSet<>();
		List<Delivery> heads = new ArrayList<>();
		for (Delivery d : this.deliveries.values()) {
			if (d.orderingKey() == null) {
				heads.add(d);
				continue;
			}
			List<String> lane = List.of(d.target().value(), d.orderingKey());
			if (!busyLanes.contains(lane)) {
				heads.add(d);
			}
			if (!d.status().isFinished()) {
				busyLanes.add(lane);
			}
		}
		return heads;
	}

	private static boolean isDue(Delivery d, Instant now) {
		return switch (d.status()) {
			case PENDING -> !d.nextAttemptAt().isAfter(now);
			case IN_FLIGHT -> d.leaseExpiresAt() != null && !d.leaseExpiresAt().isAfter(now);
			default -> false;
		};
	}

	@Override
	public synchronized int complete(List<DeliveryOutcome> outcomes, Instant now) {
		this.completeCalls++;
		if (this.failingCompletes > 0) {
			this.failingCompletes--;
			throw new IllegalStateException("database is down (complete)");
		}
		int updated = 0;
		for (DeliveryOutcome outcome : outcomes) {
			Delivery d = this.deliveries.get(outcome.deliveryId());
			if (d == null || d.status() != DeliveryStatus.IN_FLIGHT || !outcome.leaseOwner().equals(d.leaseOwner())) {
				continue;
			}
			DeliveryAttempt attempt = outcome.attempt();
			this.attempts.get(d.id()).add(attempt);
			Instant next = (outcome.status() == DeliveryStatus.PENDING) ? outcome.nextAttemptAt() : d.nextAttemptAt();
			int attemptCount = outcome.countsAttempt() ? d.attemptCount() : d.attemptCount() - 1;
			this.deliveries.put(d.id(), copy(d, outcome.status(), attemptCount, next, null, null,
					attempt.statusCode(), attempt.error(), now, outcome.status().isFinished() ? now : null));
			updated++;
		}
		return updated;
	}

	@Override
	public synchronized int release(String leaseOwner, Collection<String> deliveryIds, Instant now) {
		Map<String, Instant> dueNow = new LinkedHashMap<>();
		deliveryIds.forEach((id) -> dueNow.put(id, now));
		return defer(leaseOwner, dueNow, now);
	}

	@Override
	public synchronized int defer(String leaseOwner, Map<String, Instant> dueAtById, Instant now) {
		int released = 0;
		for (Map.Entry<String, Instant> entry : dueAtById.entrySet()) {
			String id = entry.getKey();
			Instant dueAt = entry.getValue();
			Delivery d = this.deliveries.get(id);
			if (d != null && d.status() == DeliveryStatus.IN_FLIGHT && leaseOwner.equals(d.leaseOwner())) {
				this.deliveries.put(id, copy(d, DeliveryStatus.PENDING, d.attemptCount() - 1, dueAt, null, null,
						d.lastStatusCode(), d.lastError(), now, null));
				released++;
			}
		}
		this.releasedCount += released;
		return released;
	}

	@Override
	public synchronized int deferTarget(Target target, Instant dueAt, Instant now) {
		int moved = 0;
		for (Delivery d : List.copyOf(this.deliveries.values())) {
			if (d.target().equals(target) && d.status() == DeliveryStatus.PENDING && d.nextAttemptAt().isBefore(dueAt)) {
				this.deliveries.put(d.id(), copy(d, DeliveryStatus.PENDING, d.attemptCount(), dueAt, null, null,
						d.lastStatusCode(), d.lastError(), now, null));
				moved++;
			}
		}
		return moved;
	}

	synchronized Optional<Delivery> find(String id) {
		return Optional.ofNullable(this.deliveries.get(id));
	}

	synchronized List<DeliveryAttempt> attempts(String deliveryId) {
		return List.copyOf(this.attempts.getOrDefault(deliveryId, List.of()));
	}

	/** The deliveries in a status, newest first. */
	synchronized List<Delivery> inStatus(DeliveryStatus status) {
		List<Delivery> all = new ArrayList<>(this.deliveries.values());
		Collections.reverse(all);
		return all.stream().filter((d) -> d.status() == status).toList();
	}

	synchronized long count(DeliveryStatus status) {
		return this.deliveries.values().stream().filter((d) -> d.status() == status).count();
	}

	/** Makes the next claims and completions throw, as a database that is down would. */
	synchronized void failNext(int claims, int completes) {
		this.failingClaims = claims;
		this.failingCompletes = completes;
	}

	synchronized int claimCalls() {
		return this.claimCalls;
	}

	/** How many deliveries each successful claim returned, in order. */
	synchronized List<Integer> claimSizes() {
		return List.copyOf(this.claimSizes);
	}

	synchronized int completeCalls() {
		return this.completeCalls;
	}

	synchronized int releasedCount() {
		return this.releasedCount;
	}

	private static Delivery copy(Delivery d, DeliveryStatus status, int attemptCount, Instant nextAttemptAt,
			@Nullable String leaseOwner, @Nullable Instant leaseExpiresAt, @Nullable Integer lastStatusCode,
			@Nullable String lastError, Instant updatedAt, @Nullable Instant completedAt) {
		return new Delivery(d.id(), d.target(), d.url(), d.httpMethod(), d.headers(), d.eventType(), d.entityType(),
				d.entityId(), d.payload(), status, attemptCount, nextAttemptAt, leaseOwner, leaseExpiresAt,
				lastStatusCode, lastError, d.createdAt(), updatedAt, completedAt, d.traceContext(), d.orderingKey());
	}

}
