package dev.webhooks.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps records in this JVM's memory: for a single instance and for tests. Claims are atomic per key
 * ({@link ConcurrentMap#compute}), so unrelated keys never contend.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

	private final ConcurrentMap<String, IdempotencyRecord> records = new ConcurrentHashMap<>();

	private final Clock clock;

	public InMemoryIdempotencyStore() {
		this(Clock.systemUTC());
	}

	public InMemoryIdempotencyStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Claim claim(String key, String fingerprint, Duration lockTimeout, Duration retention) {
		Instant now = this.clock.instant();
		AtomicReference<Claim> outcome = new AtomicReference<>();
		this.records.compute(key, (k, existing) -> {
			if (existing != null && !existing.staleAt(now)) {
				outcome.set(new Claim.Existing(existing));
				return existing;
			}
			IdempotencyRecord claimed = new IdempotencyRecord(key, fingerprint, UUID.randomUUID().toString(),
					now.plus(lockTimeout), now.plus(retention), null);
			outcome.set(new Claim.Acquired(claimed));
			return claimed;
		});
		return outcome.get();
	}

	@Override
	public boolean complete(String key, String owner, StoredResponse response, Duration retention) {
		Instant now = this.clock.instant();
		AtomicBoolean stored = new AtomicBoolean();
		this.records.computeIfPresent(key, (k, existing) -> {
			if (existing.owner().equals(owner) && !existing.completed()) {
				stored.set(true);
				return existing.completedWith(response, now.plus(retention));
			}
			return existing;
		});
		return stored.get();
	}

	@Override
	public boolean release(String key, String owner) {
		AtomicBoolean released = new AtomicBoolean();
		this.records.computeIfPresent(key, (k, existing) -> {
			if (existing.owner().equals(owner) && !existing.completed()) {
				released.set(true);
				return null;
			}
			return existing;
		});
		return released.get();
	}

	@Override
	public Optional<IdempotencyRecord> find(String key) {
		IdempotencyRecord record = this.records.get(key);
		return (record != null && !record.staleAt(this.clock.instant())) ? Optional.of(record) : Optional.empty();
	}

	@Override
	public int purgeExpired() {
		Instant now = this.clock.instant();
		int purged = 0;
		for (var entry : this.records.entrySet()) {
			if (!now.isBefore(entry.getValue().expiresAt()) && this.records.remove(entry.getKey(), entry.getValue())) {
				purged++;
			}
		}
		return purged;
	}

}
