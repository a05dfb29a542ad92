package dev.webhooks.autoconfigure.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.webhooks.autoconfigure.PeriodicTaskLifecycle;
import dev.webhooks.autoconfigure.idempotency.IdempotencyProperties.StoreType;
import dev.webhooks.idempotency.IdempotencyGuard;
import dev.webhooks.idempotency.IdempotencyKeyEncoder;
import dev.webhooks.idempotency.IdempotencyPolicy;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.InMemoryIdempotencyStore;
import dev.webhooks.idempotency.jdbc.JdbcIdempotencyStore;
import dev.webhooks.idempotency.redis.RedisIdempotencyStore;
import dev.webhooks.scheduling.PeriodicTask;
import dev.webhooks.spring.idempotency.IdempotencyFilter;
import dev.webhooks.spring.idempotency.IdempotencyKeyStatusArgumentResolver;
import dev.webhooks.spring.idempotency.IdempotentEndpoints;
import dev.webhooks.spring.idempotency.SpringCacheIdempotencyStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Idempotency keys: an {@link IdempotencyStore} chosen by {@code webhooks.idempotency.store}, the
 * {@link IdempotencyGuard} shared with the webhook receiver, and, in a servlet web application, the
 * {@link IdempotencyFilter}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
// at most one store configuration matches: an explicit choice, or the automatic one (JDBC, else Redis, else memory)
@Import({ IdempotencyAutoConfiguration.JdbcStoreConfiguration.class,
		IdempotencyAutoConfiguration.RedisStoreConfiguration.class,
		IdempotencyAutoConfiguration.CacheStoreConfiguration.class,
		IdempotencyAutoConfiguration.MemoryStoreConfiguration.class,
		IdempotencyAutoConfiguration.AutomaticRedisStoreConfiguration.class,
		IdempotencyAutoConfiguration.AutomaticMemoryStoreConfiguration.class,
		IdempotencyAutoConfiguration.ServletFilterConfiguration.class })
final class IdempotencyAutoConfiguration {

	private static final String PREFIX = "webhooks.idempotency.";

	private static final String REDIS_CONNECTION_DETAILS = "org.springframework.boot.data.redis.autoconfigure."
			+ "DataRedisConnectionDetails";

	@Bean
	@ConditionalOnMissingBean
	IdempotencyPolicy idempotencyPolicy(IdempotencyProperties properties) {
		return new IdempotencyPolicy(properties.getRetention(), properties.getLockTimeout(),
				properties.storedStatuses());
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyGuard idempotencyGuard(ObjectProvider<IdempotencyStore> idempotencyStore,
			IdempotencyPolicy idempotencyPolicy, IdempotencyProperties properties) {
		return new IdempotencyGuard(idempotencyStore.getIfAvailable(() -> {
			throw missingStore(properties.getStore());
		}), idempotencyPolicy);
	}

	// reached only when an explicitly chosen store cannot be made: say what it needs
	private static IllegalStateException missingStore(StoreType store) {
		String needs = switch (store) {
			case JDBC -> "a single DataSource bean";
			case REDIS -> "io.lettuce:lettuce-core and spring-boot-data-redis on the classpath, with "
					+ "spring.data.redis.* connection settings";
			case CACHE -> "a CacheManager bean (add @EnableCaching)";
			case AUTO, MEMORY -> "an IdempotencyStore bean";
		};
		return new IllegalStateException(PREFIX + "store=" + store.name().toLowerCase(Locale.ROOT)
				+ " needs " + needs + "; provide it, choose another store, or define an IdempotencyStore bean");
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyKeyEncoder idempotencyKeyEncoder() {
		return IdempotencyKeyEncoder.scopedPerCaller();
	}

	@Bean
	@ConditionalOnMissingBean(name = "idempotencyRecordPurge")
	@ConditionalOnBean(IdempotencyStore.class)
	@Conditional(PurgeIntervalCondition.class)
	PeriodicTaskLifecycle idempotencyRecordPurge(IdempotencyStore idempotencyStore,
			IdempotencyProperties properties) {
		return new PeriodicTaskLifecycle(new PeriodicTask("idempotency-purge", properties.getPurgeInterval(),
				idempotencyStore::purgeExpired));
	}

	/** A zero {@code webhooks.idempotency.purge-interval} turns the purge off. */
	static final class PurgeIntervalCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Duration interval = Binder.get(context.getEnvironment())
				.bind(PREFIX + "purge-interval", Duration.class)
				.orElse(new IdempotencyProperties().getPurgeInterval());
			return interval.isZero() ? ConditionOutcome.noMatch(PREFIX + "purge-interval is zero")
					: ConditionOutcome.match(PREFIX + "purge-interval is " + interval);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnIdempotencyStore({ StoreType.AUTO, StoreType.JDBC })
	@ConditionalOnSingleCandidate(DataSource.class)
	static final class JdbcStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(IdempotencyStore.class)
		JdbcIdempotencyStore jdbcIdempotencyStore(DataSource dataSource, Clock clock) {
			return new JdbcIdempotencyStore(dataSource, clock);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.lettuce.core.RedisClient", REDIS_CONNECTION_DETAILS })
	@ConditionalOnIdempotencyStore(StoreType.REDIS)
	@ConditionalOnBean(type = REDIS_CONNECTION_DETAILS)
	static class RedisStoreConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(IdempotencyStore.class)
		IdempotencyRedisConnection idempotencyRedisConnection(DataRedisConnectionDetails details) {
			return IdempotencyRedisConnection.open(details);
		}

		@Bean
		@ConditionalOnMissingBean(IdempotencyStore.class)
		RedisIdempotencyStore redisIdempotencyStore(IdempotencyRedisConnection idempotencyRedisConnection,
				IdempotencyProperties properties, Clock clock) {
			return new RedisIdempotencyStore(idempotencyRedisConnection.connection(), properties.getRedisKeyPrefix(),
					clock);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.lettuce.core.RedisClient", REDIS_CONNECTION_DETAILS })
	@ConditionalOnIdempotencyStore(StoreType.AUTO)
	@ConditionalOnMissingBean(DataSource.class)
	@ConditionalOnBean(type = REDIS_CONNECTION_DETAILS)
	static final class AutomaticRedisStoreConfiguration extends RedisStoreConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnIdempotencyStore(StoreType.CACHE)
	@ConditionalOnBean(CacheManager.class)
	static final class CacheStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(IdempotencyStore.class)
		SpringCacheIdempotencyStore cacheIdempotencyStore(CacheManager cacheManager, IdempotencyProperties properties,
				Clock clock) {
			return new SpringCacheIdempotencyStore(cache(cacheManager, properties.getCacheName()), clock);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnIdempotencyStore(StoreType.MEMORY)
	static class MemoryStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(IdempotencyStore.class)
		InMemoryIdempotencyStore inMemoryIdempotencyStore(Clock clock) {
			return new InMemoryIdempotencyStore(clock);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnIdempotencyStore(StoreType.AUTO)
	@ConditionalOnMissingBean(type = { "javax.sql.DataSource", REDIS_CONNECTION_DETAILS })
	static final class AutomaticMemoryStoreConfiguration extends MemoryStoreConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ DispatcherServlet.class, jakarta.servlet.Filter.class })
	@ConditionalOnBooleanProperty(name = PREFIX + "enabled", matchIfMissing = true)
	static final class ServletFilterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		IdempotentEndpoints idempotentEndpoints(ApplicationContext context) {
			return new IdempotentEndpoints(context);
		}

		@Bean
		@ConditionalOnMissingBean
		IdempotencyFilter idempotencyFilter(IdempotentEndpoints endpoints, IdempotencyGuard idempotencyGuard,
				IdempotencyKeyEncoder keyEncoder, IdempotencyProperties properties,
				ObjectProvider<CacheManager> cacheManager) {
			IdempotencyFilter.Settings settings = new IdempotencyFilter.Settings(properties.getMode(),
					properties.getHeader(), properties.getMaxKeyLength(), properties.getInFlightStatus(),
					properties.getReplayStatus());
			return new IdempotencyFilter(endpoints, guards(idempotencyGuard, properties, cacheManager), keyEncoder,
					settings);
		}

		// endpoints may name their own cache with @IdempotencyKey(cacheName) when keys live in a Spring Cache
		private static Function<String, IdempotencyGuard> guards(IdempotencyGuard guard,
				IdempotencyProperties properties, ObjectProvider<CacheManager> cacheManager) {
			CacheManager caches = cacheManager.getIfUnique();
			if (!(guard.store() instanceof SpringCacheIdempotencyStore) || caches == null) {
				return (cacheName) -> guard;
			}
			Map<String, IdempotencyGuard> byName = new ConcurrentHashMap<>();
			return (cacheName) -> (cacheName.isEmpty() || cacheName.equals(properties.getCacheName())) ? guard
					: byName.computeIfAbsent(cacheName, (name) -> new IdempotencyGuard(
							new SpringCacheIdempotencyStore(cache(caches, name)), guard.policy()));
		}

		@Bean
		@ConditionalOnMissingBean(name = "idempotencyFilterRegistration")
		FilterRegistrationBean<IdempotencyFilter> idempotencyFilterRegistration(IdempotencyFilter idempotencyFilter,
				IdempotencyProperties properties) {
			FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(idempotencyFilter);
			registration.setOrder(properties.getFilterOrder());
			return registration;
		}

		@Bean
		@ConditionalOnMissingBean
		IdempotencyKeyStatusArgumentResolver idempotencyKeyStatusArgumentResolver() {
			return new IdempotencyKeyStatusArgumentResolver();
		}

		@Bean
		WebMvcConfigurer idempotencyKeyStatusWebMvcConfigurer(IdempotencyKeyStatusArgumentResolver resolver) {
			return new WebMvcConfigurer() {

				@Override
				public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
					resolvers.add(resolver);
				}

			};
		}

	}

	private static Cache cache(CacheManager cacheManager, String name) {
		Cache cache = cacheManager.getCache(name);
		if (cache == null) {
			throw new IllegalStateException("The CacheManager has no cache named '" + name + "' for idempotency keys; "
					+ "declare it (e.g. spring.cache.cache-names) or set " + PREFIX + "cache-name");
		}
		return cache;
	}

	/** The store's own Lettuce client and connection, from Spring Data Redis's connection settings. */
	static final class IdempotencyRedisConnection implements AutoCloseable {

		private final RedisClient client;

		private final StatefulRedisConnection<byte[], byte[]> connection;

		private IdempotencyRedisConnection(RedisClient client) {
			this.client = client;
			this.connection = client.connect(ByteArrayCodec.INSTANCE);
		}

		static IdempotencyRedisConnection open(DataRedisConnectionDetails details) {
			DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
			if (standalone == null) {
				throw new IllegalStateException("The Redis idempotency store supports a standalone Redis server; "
						+ "for Sentinel or Cluster define an IdempotencyStore bean");
			}
			RedisURI.Builder uri = RedisURI.builder()
				.withHost(standalone.getHost())
				.withPort(standalone.getPort())
				.withDatabase(standalone.getDatabase());
			String password = details.getPassword();
			if (password != null) {
				String username = details.getUsername();
				if (username != null) {
					uri.withAuthentication(username, password);
				}
				else {
					uri.withPassword(password.toCharArray());
				}
			}
			return new IdempotencyRedisConnection(RedisClient.create(uri.build()));
		}

		StatefulRedisConnection<byte[], byte[]> connection() {
			return this.connection;
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown();
		}

	}

}
