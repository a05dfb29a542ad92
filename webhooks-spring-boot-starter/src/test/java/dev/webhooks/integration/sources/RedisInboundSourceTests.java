package dev.webhooks.integration.sources;

import java.util.ArrayList;
import java.util.List;

import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.redis.RedisIdempotencyStore;
import dev.webhooks.testing.TestRedis;

class RedisInboundSourceTests extends AbstractInboundSourceTests {

	private TestRedis redis;

	@Override
	protected void prepare() {
		this.redis = TestRedis.create();
	}

	@Override
	protected String[] storeProperties() {
		List<String> properties = new ArrayList<>(List.of(this.redis.springProperties()));
		properties.add("spring.datasource.url=jdbc:h2:mem:sources-redis-" + java.util.UUID.randomUUID());
		properties.add("webhooks.idempotency.store=redis");
		properties.add("webhooks.idempotency.redis-key-prefix=" + this.redis.keyPrefix());
		return properties.toArray(new String[0]);
	}

	@Override
	protected Class<? extends IdempotencyStore> expectedStore() {
		return RedisIdempotencyStore.class;
	}

	@Override
	protected void cleanUp() {
		if (this.redis != null) {
			this.redis.close();
		}
	}

}
