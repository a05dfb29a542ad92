package dev.webhooks.autoconfigure.idempotency;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webhooks.idempotency.Claim;
import dev.webhooks.idempotency.IdempotencyRecord;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.StoredResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IdempotencyRecordPurgerTests {

	@Test
	void purgesRepeatedlyWhileRunning() {
		CountingStore store = new CountingStore();
		IdempotencyRecordPurger purger = new IdempotencyRecordPurger(store, Duration.ofMillis(10));
		purger.start();
		try {
			assertThat(purger.isRunning()).isTrue();
			await().until(() -> store.purges.get() >= 2);
		}
		finally {
			purger.stop();
		}
		assertThat(purger.isRunning()).isFalse();
	}

	@Test
	void neverRunsWithAZeroInterval() {
		IdempotencyRecordPurger purger = new IdempotencyRecordPurger(new CountingStore(), Duration.ZERO);
		purger.start();
		assertThat(purger.isRunning()).isFalse();
	}

	@Test
	void survivesAFailingPurge() {
		CountingStore store = new CountingStore();
		store.fail = true;
		IdempotencyRecordPurger purger = new IdempotencyRecordPurger(store, Duration.ofHours(1));
		purger.purge();
		purger.purge();
		assertThat(store.purges).hasValue(2);
	}

	static final class CountingStore implements IdempotencyStore {

		final AtomicInteger purges = new AtomicInteger();

		volatile boolean fail;

		@Override
		public Claim claim(String key, String fingerprint, Duration lockTimeout, Duration retention) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean complete(String key, String owner, StoredResponse response, Duration retention) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean release(String key, String owner) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<IdempotencyRecord> find(String key) {
			return Optional.empty();
		}

		@Override
		public int purgeExpired() {
			this.purges.incrementAndGet();
			if (this.fail) {
				throw new IllegalStateException("database down");
			}
			return 0;
		}

	}

}
