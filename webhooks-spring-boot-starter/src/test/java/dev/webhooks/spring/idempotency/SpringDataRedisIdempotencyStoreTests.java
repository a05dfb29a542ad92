package dev.webhooks.spring.idempotency;

import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.IdempotencyStoreContractTests;
import dev.webhooks.idempotency.MutableClock;
import dev.webhooks.idempotency.redis.RedisIdempotencyStore;
import dev.webhooks.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The Redis store's contract over Spring Data Redis's connection factory, on the real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringDataRedisIdempotencyStoreTests extends IdempotencyStoreContractTests {

	private TestRedis redis;

	private LettuceConnectionFactory connectionFactory;

	@BeforeAll
	void connect() {
		this.redis = TestRedis.create();
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(this.redis.host(), this.redis.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
	}

	@AfterAll
	void disconnect() {
		if (this.connectionFactory != null) {
			this.connectionFactory.destroy();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Override
	protected IdempotencyStore createStore(MutableClock clock) {
		return new RedisIdempotencyStore(new SpringDataRedisRecordCommands(this.connectionFactory),
				this.redis.keyPrefix(), clock);
	}

}
