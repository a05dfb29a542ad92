package dev.webhooks.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link IdempotencyStore} must do, run against each store by a subclass.
 */
public abstract class IdempotencyStoreContractTests {

	protected static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

	protected static final Duration RETENTION = Duration.ofHours(24);

	protected final MutableClock clock = MutableClock.startingNow();

	private IdempotencyStore store;

	private int keys;

	/** A new store on empty storage, using {@code clock} for every decision about time. */
	protected abstract IdempotencyStore createStore(MutableClock clock) throws Exception;

	/** Frees what {@link #createStore} opened. */
	protected void closeStore() throws Exception {
	}

	@BeforeEach
	void openStore() throws Exception {
		this.store = createStore(this.clock);
	}

	@AfterEach
	void closeStoreAfterTest() throws Exception {
		closeStore();
	}

	private String newKey() {
		return "key-" + (++this.keys) + "-" + System.nanoTime();
	}

	private static StoredResponse created(String body) {
		return new StoredResponse(201,
				Map.of("Content-Type", List.of("application/json"), "X-Multi", List.of("a", "b")),
				body.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void claimsAFreeKey() {
		String key = newKey();
		Claim claim = this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		assertThat(claim).isInstanceOf(Claim.Acquired.class);
		IdempotencyRecord record = this.store.find(key).orElseThrow();
		assertThat(record.fingerprint()).isEqualTo("fp");
		assertThat(record.owner()).isEqualTo(((Claim.Acquired) claim).owner());
		assertThat(record.completed()).isFalse();
	}

	@Test
	void refusesASecondClaimWhileTheFirstIsRunning() {
		String key = newKey();
		Claim.Acquired first = (Claim.Acquired) this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		Claim second = this.store.claim(key, "other-fp", LOCK_TIMEOUT, RETENTION);
		assertThat(second).isInstanceOf(Claim.Existing.class);
		IdempotencyRecord existing = ((Claim.Existing) second).record();
		assertThat(existing.owner()).isEqualTo(first.owner());
		assertThat(existing.fingerprint()).isEqualTo("fp");
		assertThat(existing.completed()).isFalse();
	}

	@Test
	void keepsTheCompletedResponseWithStatusHeadersAndBody() {
		String key = newKey();
		Claim.Acquired claim = (Claim.Acquired) this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		assertThat(this.store.complete(key, claim.owner(), created("{\"id\":1}"), RETENTION)).isTrue();
		Claim again = this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		assertThat(again).isInstanceOf(Claim.Existing.class);
		assertThat(((Claim.Existing) again).record().response()).isEqualTo(created("{\"id\":1}"));
		assertThat(this.store.find(key).orElseThrow().response()).isEqualTo(created("{\"id\":1}"));
	}

	@Test
	void keepsAnEmptyBody() {
		String key = newKey();
		Claim.Acquired claim = (Claim.Acquired) this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		this.store.complete(key, claim.owner(), StoredResponse.of(204), RETENTION);
		assertThat(this.store.find(key).orElseThrow().response()).isEqualTo(StoredResponse.of(204));
	}

	@Test
	void onlyTheOwnerCompletesAClaim() {
		String key = newKey();
		this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		assertThat(this.store.complete(key, "00000000-0000-0000-0000-000000000000", created("x"), RETENTION))
			.isFalse();
		assertThat(this.store.find(key).orElseThrow().completed()).isFalse();
	}

	@Test
	void aCompletedRecordCannotBeCompletedAgain() {
		String key = newKey();
		Claim.Acquired claim = (Claim.Acquired) this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		this.store.complete(key, claim.owner(), created("first"), RETENTION);
		assertThat(this.store.complete(key, claim.owner(), created("second"), RETENTION)).isFalse();
		assertThat(this.store.find(key).orElseThrow().response()).isEqualTo(created("first"));
	}

	@Test
	void releasingFreesTheKeyForTheNextClaim() {
		String key = newKey();
		Claim.Acquired claim = (Claim.Acquired) this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		assertThat(this.store.release(key, claim.owner())).isTrue();
		assertThat(this.store.find(key)).isEmpty();
		assertThat(this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION)).isInstanceOf(Claim.Acquired.class);
	}

	@Test
	void onlyTheOwnerReleasesAClaim() {
		String key = newKey();
		this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		assertThat(this.store.release(key, "00000000-0000-0000-0000-000000000000")).isFalse();
		assertThat(this.store.find(key)).isPresent();
	}

	@Test
	void releasingAfterCompletionKeepsTheResponse() {
		String key = newKey();
		Claim.Acquired claim = (Claim.Acquired) this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		this.store.complete(key, claim.owner(), created("kept"), RETENTION);
		assertThat(this.store.release(key, claim.owner())).isFalse();
		assertThat(this.store.find(key).orElseThrow().response()).isEqualTo(created("kept"));
	}

	@Test
	void anAbandonedClaimStopsBlockingAfterTheLockTimeout() {
		String key = newKey();
		Claim.Acquired crashed = (Claim.Acquired) this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		this.clock.advance(LOCK_TIMEOUT.minusSeconds(1));
		assertThat(this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION)).isInstanceOf(Claim.Existing.class);
		this.clock.advance(Duration.ofSeconds(1));
		Claim takeover = this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		assertThat(takeover).isInstanceOf(Claim.Acquired.class);
		assertThat(((Claim.Acquired) takeover).owner()).isNotEqualTo(crashed.owner());
		assertThat(this.store.complete(key, crashed.owner(), created("late"), RETENTION))
			.as("the crashed owner completing late").isFalse();
		assertThat(this.store.release(key, crashed.owner())).as("the crashed owner releasing late").isFalse();
		assertThat(this.store.complete(key, ((Claim.Acquired) takeover).owner(), created("new"), RETENTION)).isTrue();
	}

	@Test
	void aCompletedRecordOutlivesTheLockTimeout() {
		String key = newKey();
		Claim.Acquired claim = (Claim.Acquired) this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		this.store.complete(key, claim.owner(), created("kept"), RETENTION);
		this.clock.advance(LOCK_TIMEOUT.multipliedBy(10));
		assertThat(this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION)).isInstanceOf(Claim.Existing.class);
	}

	@Test
	void anExpiredRecordIsForgottenAndItsKeyClaimable() {
		String key = newKey();
		Claim.Acquired claim = (Claim.Acquired) this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		this.store.complete(key, claim.owner(), created("old"), RETENTION);
		this.clock.advance(RETENTION);
		assertThat(this.store.find(key)).isEmpty();
		Claim again = this.store.claim(key, "other-fp", LOCK_TIMEOUT, RETENTION);
		assertThat(again).isInstanceOf(Claim.Acquired.class);
		assertThat(this.store.find(key).orElseThrow().fingerprint()).isEqualTo("other-fp");
	}

	@Test
	void retentionCountsFromCompletion() {
		String key = newKey();
		Claim.Acquired claim = (Claim.Acquired) this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		this.clock.advance(Duration.ofHours(1));
		this.store.complete(key, claim.owner(), created("kept"), RETENTION);
		this.clock.advance(RETENTION.minusMinutes(1));
		assertThat(this.store.find(key)).isPresent();
	}

	@Test
	void purgingDeletesExpiredRecordsOnly() {
		String expired = newKey();
		Claim.Acquired old = (Claim.Acquired) this.store.claim(expired, "fp", LOCK_TIMEOUT, Duration.ofMinutes(5));
		this.store.complete(expired, old.owner(), created("old"), Duration.ofMinutes(5));
		String live = newKey();
		Claim.Acquired fresh = (Claim.Acquired) this.store.claim(live, "fp", LOCK_TIMEOUT, RETENTION);
		this.store.complete(live, fresh.owner(), created("fresh"), RETENTION);
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.store.purgeExpired()).isNotNegative();
		assertThat(this.store.find(expired)).isEmpty();
		assertThat(this.store.find(live)).isPresent();
	}

	@Test
	void unrelatedKeysDoNotAffectEachOther() {
		String first = newKey();
		String second = newKey();
		Claim.Acquired claim = (Claim.Acquired) this.store.claim(first, "fp", LOCK_TIMEOUT, RETENTION);
		assertThat(this.store.claim(second, "fp", LOCK_TIMEOUT, RETENTION)).isInstanceOf(Claim.Acquired.class);
		this.store.release(first, claim.owner());
		assertThat(this.store.find(second)).isPresent();
	}

	@Test
	void exactlyOneOfManyConcurrentClaimsWins() throws Exception {
		String key = newKey();
		int requests = 20;
		ExecutorService pool = Executors.newFixedThreadPool(requests);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Claim>> claims = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				Callable<Claim> claim = () -> {
					start.await();
					return this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
				};
				claims.add(pool.submit(claim));
			}
			start.countDown();
			int acquired = 0;
			for (Future<Claim> claim : claims) {
				if (claim.get(30, TimeUnit.SECONDS) instanceof Claim.Acquired) {
					acquired++;
				}
			}
			assertThat(acquired).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void exactlyOneOfManyConcurrentTakeoversOfAStaleClaimWins() throws Exception {
		String key = newKey();
		this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
		this.clock.advance(LOCK_TIMEOUT);
		int requests = 20;
		ExecutorService pool = Executors.newFixedThreadPool(requests);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Claim>> claims = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				claims.add(pool.submit(() -> {
					start.await();
					return this.store.claim(key, "fp", LOCK_TIMEOUT, RETENTION);
				}));
			}
			start.countDown();
			int acquired = 0;
			for (Future<Claim> claim : claims) {
				if (claim.get(30, TimeUnit.SECONDS) instanceof Claim.Acquired) {
					acquired++;
				}
			}
			assertThat(acquired).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
