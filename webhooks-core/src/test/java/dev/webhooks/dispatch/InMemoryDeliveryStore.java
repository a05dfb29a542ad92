package dev.webhooks.dispatch;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryQuery;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.DeliveryStore;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.OutboxStats;

/**
 * A thread-safe {@link DeliveryStore} in memory that keeps the interface's contract: claims take only due rows and
 * set leases, completions from an owner that lost its lease are dropped, releases do not count the attempt.
 */
public final class InMemoryDeliveryStore implements DeliveryStore {

	private final Map<String, Delivery> deliveries = new LinkedHashMap<>();

	private final Map<String, List<DeliveryAttempt>> attempts = new LinkedHashMap<>();

	private final Clock clock;

	private int claimCalls;

	private final List<Integer> claimSizes = new ArrayList<>();

	private int completeCalls;

	private int releasedCount;

	private int failingClaims;

	private int failingCompletes;

	public InMemoryDeliveryStore(Clock clock) {
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
					d.failure(), d.createdAt(), now, failed ? d.createdAt() : null));
			this.attempts.put(d.id(), new ArrayList<>());
		}
	}

	@Override
	public synchronized List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit) {
		this.claimCalls++;
		if (this.failingClaims > 0) {
			this.failingClaims--;
			throw new IllegalStateException("database is down (claim)");
		}
		List<Delivery> due = this.deliveries.values()
			.stream()
			.filter((d) -> isDue(d, now))
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
			this.deliveries.put(d.id(), copy(d, outcome.status(), d.attemptCount(), next, null, null,
					attempt.statusCode(), attempt.error(), now, outcome.status().isFinished() ? now : null));
			updated++;
		}
		return updated;
	}

	@Override
	public synchronized int release(String leaseOwner, Collection<String> deliveryIds, Instant now) {
		int released = 0;
		for (String id : deliveryIds) {
			Delivery d = this.deliveries.get(id);
			if (d != null && d.status() == DeliveryStatus.IN_FLIGHT && leaseOwner.equals(d.leaseOwner())) {
				this.deliveries.put(id, copy(d, DeliveryStatus.PENDING, d.attemptCount() - 1, now, null, null,
						d.lastStatusCode(), d.lastError(), now, null));
				released++;
			}
		}
		this.releasedCount += released;
		return released;
	}

	@Override
	public synchronized Optional<Delivery> find(String id) {
		return Optional.ofNullable(this.deliveries.get(id));
	}

	@Override
	public synchronized List<DeliveryAttempt> attempts(String deliveryId) {
		return List.copyOf(this.attempts.getOrDefault(deliveryId, List.of()));
	}

	@Override
	public synchronized List<Delivery> find(DeliveryQuery query) {
		List<Delivery> all = new ArrayList<>(this.deliveries.values());
		Collections.reverse(all);
		return all.stream()
			.filter((d) -> query.status() == null || d.status() == query.status())
			.filter((d) -> query.target() == null || d.target().equals(query.target()))
			.filter((d) -> query.eventType() == null || d.eventType().equals(query.eventType()))
			.filter((d) -> query.createdAfter() == null || !d.createdAt().isBefore(query.createdAfter()))
			.limit(query.limit())
			.toList();
	}

	@Override
	public synchronized long count(DeliveryStatus status) {
		return this.deliveries.values().stream().filter((d) -> d.status() == status).count();
	}

	@Override
	public synchronized int resend(Collection<String> ids, Instant now) {
		int resent = 0;
		for (String id : ids) {
			Delivery d = this.deliveries.get(id);
			if (d != null && (d.status() == DeliveryStatus.FAILED || d.status() == DeliveryStatus.CANCELLED)) {
				this.deliveries.put(id, copy(d, DeliveryStatus.PENDING, 0, now, null, null, d.lastStatusCode(),
						d.lastError(), now, null));
				resent++;
			}
		}
		return resent;
	}

	@Override
	public synchronized int retry(DeliverySelection selection, Instant now) {
		int retried = 0;
		for (Delivery d : selected(selection, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED)) {
			this.deliveries.put(d.id(), copy(d, DeliveryStatus.PENDING, 0, now, null, null, d.lastStatusCode(),
					d.lastError(), now, null));
			retried++;
		}
		return retried;
	}

	@Override
	public synchronized int sendNow(DeliverySelection selection, Instant now) {
		int sent = 0;
		for (Delivery d : selected(selection, DeliveryStatus.PENDING)) {
			if (d.nextAttemptAt().isAfter(now)) {
				this.deliveries.put(d.id(), copy(d, d.status(), d.attemptCount(), now, null, null,
						d.lastStatusCode(), d.lastError(), now, null));
				sent++;
			}
		}
		return sent;
	}

	@Override
	public synchronized int cancel(DeliverySelection selection, Instant now) {
		int cancelled = 0;
		for (Delivery d : selected(selection, DeliveryStatus.PENDING)) {
			this.deliveries.put(d.id(), copy(d, DeliveryStatus.CANCELLED, d.attemptCount(), d.nextAttemptAt(), null,
					null, d.lastStatusCode(), d.lastError(), now, now));
			cancelled++;
		}
		return cancelled;
	}

	private List<Delivery> selected(DeliverySelection selection, DeliveryStatus... allowed) {
		List<DeliveryStatus> statuses = List.of(allowed);
		if (selection.status() != null) {
			if (!statuses.contains(selection.status())) {
				throw new IllegalArgumentException("cannot act on " + selection.status() + " deliveries");
			}
			statuses = List.of(selection.status());
		}
		List<DeliveryStatus> wanted = statuses;
		return this.deliveries.values()
			.stream()
			.filter((d) -> wanted.contains(d.status()))
			.filter((d) -> selection.ids().isEmpty() || selection.ids().contains(d.id()))
			.filter((d) -> selection.target() == null || d.target().equals(selection.target()))
			.filter((d) -> selection.entityType() == null || selection.entityType().equals(d.entityType()))
			.filter((d) -> selection.createdSince() == null || !d.createdAt().isBefore(selection.createdSince()))
			.toList();
	}

	@Override
	public synchronized Map<DeliveryStatus, Long> countByStatus(@Nullable Instant createdSince) {
		Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
		for (DeliveryStatus status : DeliveryStatus.values()) {
			counts.put(status, 0L);
		}
		for (Delivery d : this.deliveries.values()) {
			if (createdSince == null || !d.createdAt().isBefore(createdSince)) {
				counts.merge(d.status(), 1L, Long::sum);
			}
		}
		return counts;
	}

	@Override
	public synchronized int purgeFinished(Instant completedBefore, int limit) {
		List<String> ids = this.deliveries.values()
			.stream()
			.filter((d) -> d.status().isFinished() && d.completedAt() != null
					&& d.completedAt().isBefore(completedBefore))
			.sorted(Comparator.comparing(Delivery::completedAt))
			.limit(limit)
			.map(Delivery::id)
			.toList();
		ids.forEach((id) -> {
			this.deliveries.remove(id);
			this.attempts.remove(id);
		});
		return ids.size();
	}

	@Override
	public synchronized OutboxStats stats(Instant failingSince, int maxFailingTargets) {
		Instant oldest = this.deliveries.values()
			.stream()
			.filter((d) -> d.status() == DeliveryStatus.PENDING || d.status() == DeliveryStatus.IN_FLIGHT)
			.map(Delivery::createdAt)
			.min(Comparator.naturalOrder())
			.orElse(null);
		Map<String, List<Delivery>> failing = new LinkedHashMap<>();
		this.deliveries.values()
			.stream()
			.filter((d) -> d.lastError() != null && d.status() != DeliveryStatus.SUCCEEDED
					&& d.status() != DeliveryStatus.CANCELLED && !d.updatedAt().isBefore(failingSince))
			.forEach((d) -> failing.computeIfAbsent(d.target(), (target) -> new ArrayList<>()).add(d));
		List<OutboxStats.FailingTarget> targets = failing.entrySet().stream().map((entry) -> {
			Delivery last = entry.getValue().stream().max(Comparator.comparing(Delivery::updatedAt)).orElseThrow();
			return new OutboxStats.FailingTarget(entry.getKey(), entry.getValue().size(), last.updatedAt(),
					last.lastError());
		})
			.sorted(Comparator.comparing(OutboxStats.FailingTarget::lastFailureAt).reversed())
			.limit(maxFailingTargets)
			.toList();
		return new OutboxStats(countByStatus(null), oldest, targets);
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
				lastStatusCode, lastError, d.createdAt(), updatedAt, completedAt);
	}

}
