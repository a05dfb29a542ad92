package dev.webhooks.idempotency.redis;

import org.jspecify.annotations.Nullable;

/**
 * The few Redis commands {@link RedisIdempotencyStore} sends, so it runs over whichever client the application
 * already has: {@link LettuceRecordCommands} on a Lettuce connection, or the Spring Boot starter's adapter on Spring
 * Data Redis's {@code RedisConnectionFactory} (Sentinel, Cluster and TLS then work as the application configured
 * them).
 * <p>
 * Every key of one call is the same single key, so a Cluster routes each call to one node.
 *
 * <pre>{@code
 * IdempotencyStore store = new RedisIdempotencyStore(new LettuceRecordCommands(connection),
 *         RedisIdempotencyStore.DEFAULT_KEY_PREFIX, Clock.systemUTC());
 * }</pre>
 */
public interface RedisRecordCommands {

	/**
	 * {@code SET key value NX PX expireMillis}.
	 * @return whether the key was absent and is now set
	 */
	boolean setIfAbsent(byte[] key, byte[] value, long expireMillis);

	/** {@code GET key}: the value, or {@code null} when there is none. */
	byte @Nullable [] get(byte[] key);

	/**
	 * {@code EVAL script 1 key args...}.
	 * @return the script's integer reply
	 */
	long eval(String script, byte[] key, byte[]... args);

}
