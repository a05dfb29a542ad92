package dev.webhooks.spring.idempotency;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.webhooks.idempotency.IdempotencyStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpringCacheIdempotencyFilterConcurrencyTests extends IdempotencyFilterConcurrencyTests {

	@Override
	protected String[] storeProperties() {
		return new String[] { "webhooks.idempotency.store=cache", "spring.cache.type=simple" };
	}

	@Override
	protected Class<? extends IdempotencyStore> expectedStore() {
		return SpringCacheIdempotencyStore.class;
	}

	@Test
	void keepsKeysOfAnEndpointInTheCacheItNames() {
		org.springframework.cache.CacheManager caches = appBean(org.springframework.cache.CacheManager.class);
		String key = UUID.randomUUID().toString();
		HttpResponse<String> first = post("/cached", key);
		HttpResponse<String> repeat = post("/cached", key);
		assertThat(repeat.body()).isEqualTo(first.body());
		assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		var ordersCache = (java.util.Map<Object, Object>) caches.getCache("orders-cache").getNativeCache();
		var defaultCache = (java.util.Map<Object, Object>) caches.getCache("webhooks-idempotency").getNativeCache();
		assertThat(ordersCache).hasSize(1);
		assertThat(defaultCache.keySet()).doesNotContainAnyElementsOf(ordersCache.keySet());
	}

}
