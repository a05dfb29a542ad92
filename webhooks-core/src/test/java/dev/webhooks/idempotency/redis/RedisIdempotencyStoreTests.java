package dev.webhooks.idempotency.redis;

import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.IdempotencyStoreContractTests;
import dev.webhooks.idempotency.MutableClock;
import dev.webhooks.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisIdempotencyStoreTests extends IdempotencyStoreContractTests {

	private TestRedis redis;

	@BeforeAll
	void connect() {
		this.redis = TestRedis.create();
	}

	@AfterAll
	void disconnect() {
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Override
	protected IdempotencyStore createStore(MutableClock clock) {
		return new RedisIdempotencyStore(new LettuceRecordCommands(this.redis.connection()), this.redis.keyPrefix(),
				clock);
	}

}
