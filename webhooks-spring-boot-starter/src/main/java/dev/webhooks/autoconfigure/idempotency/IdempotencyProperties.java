package dev.webhooks.autoconfigure.idempotency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.PropertyRules;
import dev.webhooks.idempotency.IdempotencyKeyParser;
import dev.webhooks.idempotency.IdempotencyPolicy;
import dev.webhooks.idempotency.StoredStatuses;
import dev.webhooks.idempotency.redis.RedisIdempotencyStore;
import dev.webhooks.spring.idempotency.IdempotencyRequirement;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of idempotency keys, {@code webhooks.idempotency.*}, checked once bound: a wrong value fails the start-up
 * with an {@link InvalidWebhooksPropertyException} naming the property.
 */
@ConfigurationProperties("webhooks.idempotency")
public class IdempotencyProperties implements InitializingBean {

	private static final String PREFIX = "webhooks.idempotency.";

	/**
	 * Whether the servlet filter checks idempotency keys. The store stays available to the webhook receiver either
	 * way.
	 */
	private boolean enabled = true;

	/**
	 * Which endpoints need a key: 'opt-in' (only those annotated with @IdempotencyKey or @IdempotencyKeyManual) or
	 * 'required' (every POST, PUT, PATCH and DELETE endpoint unless annotated with @IdempotencyKeyExempt).
	 */
	private IdempotencyRequirement mode = IdempotencyRequirement.OPT_IN;

	/** The request header carrying the key. */
	private String header = "Idempotency-Key";

	/** The longest key accepted, in characters; longer keys are answered with 400. */
	private int maxKeyLength = IdempotencyKeyParser.DEFAULT_MAX_LENGTH;

	/**
	 * Where keys are kept: 'auto' (JDBC when there is a DataSource, else Redis when Spring Data Redis is configured,
	 * else memory), 'jdbc', 'redis', 'memory' or 'cache' (a Spring Cache).
	 */
	private StoreType store = StoreType.AUTO;

	/** How long a completed key is remembered and its response replayed. */
	private Duration retention = IdempotencyPolicy.DEFAULT_RETENTION;

	/**
	 * How long a request still running blocks its key; after that a key left by a crashed instance can be used again.
	 * Should exceed the slowest endpoint's duration.
	 */
	private Duration lockTimeout = IdempotencyPolicy.DEFAULT_LOCK_TIMEOUT;

	/** The status answering a repeat while the first request still runs: 409 (Conflict) or 423 (Locked). */
	private int inFlightStatus = 409;

	/**
	 * The status answering a repeat of a completed request instead of replaying its response, e.g. 409; unset to
	 * replay the stored response.
	 */
	private @Nullable Integer replayStatus;

	/**
	 * The statuses whose responses are stored and replayed, as classes (2xx), codes (201) or ranges (400-404); any
	 * other status frees the key so the client may retry.
	 */
	private List<String> storedStatuses = new ArrayList<>(StoredStatuses.DEFAULT);

	/** How often expired records are deleted from the JDBC store; zero to never. */
	private Duration purgeInterval = Duration.ofHours(1);

	/**
	 * The filter's order; after Spring Security's filter chain (-100) so the caller is known when keys are scoped.
	 */
	private int filterOrder = 0;

	/** The default cache name of the 'cache' store; @IdempotencyKey(cacheName) overrides it per endpoint. */
	private String cacheName = "webhooks-idempotency";

	/** The prefix of the keys the 'redis' store writes. */
	private String redisKeyPrefix = RedisIdempotencyStore.DEFAULT_KEY_PREFIX;

	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/**
	 * Checks every setting.
	 * @throws InvalidWebhooksPropertyException naming the first property that is wrong
	 */
	public void validate() {
		PropertyRules.notBlank(PREFIX + "header", this.header);
		PropertyRules.atLeast(PREFIX + "max-key-length", this.maxKeyLength, 1);
		PropertyRules.positive(PREFIX + "retention", this.retention);
		PropertyRules.positive(PREFIX + "lock-timeout", this.lockTimeout);
		if (this.inFlightStatus < 400 || this.inFlightStatus > 499) {
			throw new InvalidWebhooksPropertyException(PREFIX + "in-flight-status",
					"must be a 4xx status such as 409 or 423, but is " + this.inFlightStatus);
		}
		if (this.replayStatus != null && (this.replayStatus < 200 || this.replayStatus > 599)) {
			throw new InvalidWebhooksPropertyException(PREFIX + "replay-status",
					"must be an HTTP status from 200 to 599, but is " + this.replayStatus);
		}
		storedStatuses();
		PropertyRules.notNegative(PREFIX + "purge-interval", this.purgeInterval);
		PropertyRules.notBlank(PREFIX + "cache-name", this.cacheName);
		PropertyRules.notBlank(PREFIX + "redis-key-prefix", this.redisKeyPrefix);
	}

	/**
	 * The stored statuses, parsed.
	 * @throws InvalidWebhooksPropertyException when one is not a status, a class or a range
	 */
	public StoredStatuses storedStatuses() {
		try {
			return StoredStatuses.parse(this.storedStatuses);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWebhooksPropertyException(PREFIX + "stored-statuses", ex.getMessage());
		}
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public IdempotencyRequirement getMode() {
		return this.mode;
	}

	public void setMode(IdempotencyRequirement mode) {
		this.mode = mode;
	}

	public String getHeader() {
		return this.header;
	}

	public void setHeader(String header) {
		this.header = header;
	}

	public int getMaxKeyLength() {
		return this.maxKeyLength;
	}

	public void setMaxKeyLength(int maxKeyLength) {
		this.maxKeyLength = maxKeyLength;
	}

	public StoreType getStore() {
		return this.store;
	}

	public void setStore(StoreType store) {
		this.store = store;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Duration getLockTimeout() {
		return this.lockTimeout;
	}

	public void setLockTimeout(Duration lockTimeout) {
		this.lockTimeout = lockTimeout;
	}

	public int getInFlightStatus() {
		return this.inFlightStatus;
	}

	public void setInFlightStatus(int inFlightStatus) {
		this.inFlightStatus = inFlightStatus;
	}

	public @Nullable Integer getReplayStatus() {
		return this.replayStatus;
	}

	public void setReplayStatus(@Nullable Integer replayStatus) {
		this.replayStatus = replayStatus;
	}

	public List<String> getStoredStatuses() {
		return this.storedStatuses;
	}

	public void setStoredStatuses(List<String> storedStatuses) {
		this.storedStatuses = storedStatuses;
	}

	public Duration getPurgeInterval() {
		return this.purgeInterval;
	}

	public void setPurgeInterval(Duration purgeInterval) {
		this.purgeInterval = purgeInterval;
	}

	public int getFilterOrder() {
		return this.filterOrder;
	}

	public void setFilterOrder(int filterOrder) {
		this.filterOrder = filterOrder;
	}

	public String getCacheName() {
		return this.cacheName;
	}

	public void setCacheName(String cacheName) {
		this.cacheName = cacheName;
	}

	public String getRedisKeyPrefix() {
		return this.redisKeyPrefix;
	}

	public void setRedisKeyPrefix(String redisKeyPrefix) {
		this.redisKeyPrefix = redisKeyPrefix;
	}

	/** Where keys are kept. */
	public enum StoreType {

		/** JDBC when there is a DataSource, else Redis when Spring Data Redis is configured, else memory. */
		AUTO,

		/** The library's table in the application's DataSource. */
		JDBC,

		/**
		 * Redis, through the application's Spring Data Redis {@code RedisConnectionFactory}, or without one through
		 * the store's own client on Spring Data Redis's connection details (standalone, no TLS).
		 */
		REDIS,

		/** This instance's memory: single instance and tests only. */
		MEMORY,

		/** A Spring Cache from the application's CacheManager. */
		CACHE

	}

}
