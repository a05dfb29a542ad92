package dev.webhooks.spring.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;

import dev.webhooks.idempotency.Claim;
import dev.webhooks.idempotency.IdempotencyRecord;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.StoredResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * Keeps records in a Spring {@link Cache}. A claim is {@link Cache#putIfAbsent}, atomic in every cache Spring
 * supports. Taking over a stale record, completing and releasing are compare-and-set operations when the cache is
 * backed by a {@link ConcurrentMap} (the simple cache, Caffeine); on other caches they are a read then a write, so
 * prefer the JDBC or Redis store when several instances share keys.
 * <p>
 * The cache's own eviction should keep entries at least as long as the retention; expired entries are ignored and
 * overwritten, and {@link #purgeExpired()} leaves cleanup to the cache.
 */
public final class SpringCacheIdempotencyStore implements IdempotencyStore {

	private static final int MAX_ATTEMPTS = 5;

	private final Cache cache;

	private final Clock clock;

	public SpringCacheIdempotencyStore(Cache cache) {
		this(cache, Clock.systemUTC());
	}

	public SpringCacheIdempotencyStore(Cache cache, Clock clock) {
		this.cache = cache;
		this.clock = clock;
	}

	@Override
	public Claim claim(String key, String fingerprint, Duration lockTimeout, Duration retention) {
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			Instant now = this.clock.instant();
			IdempotencyRecord claimed = new IdempotencyRecord(key, fingerprint, UUID.randomUUID().toString(),
					now.plus(lockTimeout), now.plus(retention), null);
			Cache.ValueWrapper previous = this.cache.putIfAbsent(key, claimed);
			IdempotencyRecord existing = (previous != null) ? (IdempotencyRecord) previous.get() : null;
			if (existing == null) {
				return new Claim.Acquired(claimed);
			}
			if (!existing.staleAt(now)) {
				return new Claim.Existing(existing);
			}
			if (replace(key, existing, claimed)) {
				return new Claim.Acquired(claimed);
			}
		}
		throw new IllegalStateException("Could not claim idempotency key after " + MAX_ATTEMPTS
				+ " attempts; the record kept changing under concurrent requests");
	}

	@Override
	public boolean complete(String key, String owner, StoredResponse response, Duration retention) {
		IdempotencyRecord running = get(key);
		if (running == null || !running.owner().equals(owner) || running.completed()) {
			return false;
		}
		IdempotencyRecord completed = new IdempotencyRecord(key, running.fingerprint(), owner, running.lockedUntil(),
				this.clock.instant().plus(retention), response);
		return replace(key, running, completed);
	}

	@Override
	public boolean release(String key, String owner) {
		IdempotencyRecord running = get(key);
		if (running == null || !running.owner().equals(owner) || running.completed()) {
			return false;
		}
		ConcurrentMap<Object, Object> map = nativeMap();
		if (map != null) {
			return map.remove(key, running);
		}
		return this.cache.evictIfPresent(key);
	}

	@Override
	public Optional<IdempotencyRecord> find(String key) {
		IdempotencyRecord record = get(key);
		return (record != null && !record.staleAt(this.clock.instant())) ? Optional.of(record) : Optional.empty();
	}

	/** The cache evicts by its own configuration. */
	@Override
	public int purgeExpired() {
		return 0;
	}

	private @Nullable IdempotencyRecord get(String key) {
		return this.cache.get(key, IdempotencyRecord.class);
	}

	private boolean replace(String key, IdempotencyRecord expected, IdempotencyRecord replacement) {
		ConcurrentMap<Object, Object> map = nativeMap();
		if (map != null) {
			return map.replace(key, expected, replacement);
		}
		this.cache.put(key, replacement);
		return true;
	}

	@SuppressWarnings("unchecked")
	private @Nullable ConcurrentMap<Object, Object> nativeMap() {
		Object nativeCache = this.cache.getNativeCache();
		return (nativeCache instanceof ConcurrentMap<?, ?> map) ? (ConcurrentMap<Object, Object>) map : null;
	}

}
