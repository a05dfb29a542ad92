package dev.webhooks.autoconfigure.idempotency;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webhooks.autoconfigure.PeriodicTaskLifecycle;
import dev.webhooks.autoconfigure.WebhooksAutoConfiguration;
import dev.webhooks.idempotency.Claim;
import dev.webhooks.idempotency.IdempotencyRecord;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.StoredResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IdempotencyRecordPurgeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhooksAutoConfiguration.class, IdempotencyAutoConfiguration.class))
		.withBean(CountingStore.class, CountingStore::new);

	@Test
	void purgesRepeatedlyWhileRunning() {
		this.runner.withPropertyValues("webhooks.idempotency.purge-interval=10ms").run((context) -> {
			PeriodicTaskLifecycle purger = context.getBean("idempotencyRecordPurge", PeriodicTaskLifecycle.class);
			assertThat(purger.isRunning()).isTrue();
			assertThat(purger.getTask().interval()).isEqualTo(Duration.ofMillis(10));
			await().until(() -> context.getBean(CountingStore.class).purges.get() >= 2);
			purger.stop();
			assertThat(purger.isRunning()).isFalse();
		});
	}

	@Test
	void neverRunsWithAZeroInterval() {
		this.runner.withPropertyValues("webhooks.idempotency.purge-interval=0s")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("idempotencyRecordPurge"));
	}

	@Test
	void survivesAFailingPurge() {
		this.runner.withPropertyValues("webhooks.idempotency.purge-interval=1h").run((context) -> {
			CountingStore store = context.getBean(CountingStore.class);
			store.fail = true;
			PeriodicTaskLifecycle purger = context.getBean("idempotencyRecordPurge", PeriodicTaskLifecycle.class);
			purger.getTask().run();
			purger.getTask().run();
			assertThat(store.purges).hasValue(2);
			assertThat(purger.getTask().isFailing()).isTrue();
		});
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
