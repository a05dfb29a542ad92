package dev.webhooks.spring.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import dev.webhooks.idempotency.redis.RedisIdempotencyStore;
import dev.webhooks.idempotency.redis.RedisRecordCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.SetCondition;
import org.springframework.data.redis.core.types.Expiration;

/**
 * {@link RedisRecordCommands} over the application's Spring Data Redis {@link RedisConnectionFactory}, so the
 * {@link RedisIdempotencyStore} reaches Redis the way the application configured it: standalone, Sentinel or Cluster,
 * with TLS, pooling and client options as set there. Each call borrows a connection and gives it back; with Lettuce's
 * default shared connection that costs nothing.
 */
public final class SpringDataRedisRecordCommands implements RedisRecordCommands {

	private final RedisConnectionFactory connectionFactory;

	public SpringDataRedisRecordCommands(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
	}

	@Override
	public boolean setIfAbsent(byte[] key, byte[] value, long expireMillis) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return Boolean.TRUE.equals(connection.stringCommands()
				.set(key, value, SetCondition.ifAbsent(), Expiration.milliseconds(expireMillis)));
		}
	}

	@Override
	public byte @Nullable [] get(byte[] key) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return connection.stringCommands().get(key);
		}
	}

	@Override
	public long eval(String script, byte[] key, byte[]... args) {
		byte[][] keyAndArgs = new byte[args.length + 1][];
		keyAndArgs[0] = key;
		System.arraycopy(args, 0, keyAndArgs, 1, args.length);
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Long reply = connection.scriptingCommands()
				.eval(script.getBytes(StandardCharsets.UTF_8), ReturnType.INTEGER, 1, keyAndArgs);
			return (reply != null) ? reply : 0L;
		}
	}

	/** The factory the commands go through. */
	public RedisConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

}
