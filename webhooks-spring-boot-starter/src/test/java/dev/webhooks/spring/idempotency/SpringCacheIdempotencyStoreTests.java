package dev.webhooks.spring.idempotency;

import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.IdempotencyStoreContractTests;
import dev.webhooks.idempotency.MutableClock;

import org.springframework.cache.concurrent.ConcurrentMapCache;

class SpringCacheIdempotencyStoreTests extends IdempotencyStoreContractTests {

	@Override
	protected IdempotencyStore createStore(MutableClock clock) {
		return new SpringCacheIdempotencyStore(new ConcurrentMapCache("idempotency"), clock);
	}

}
