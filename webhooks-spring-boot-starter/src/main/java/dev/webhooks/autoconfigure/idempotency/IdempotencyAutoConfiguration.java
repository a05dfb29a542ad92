package dev.webhooks.autoconfigure.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.PeriodicTaskLifecycle;
import dev.webhooks.autoconfigure.idempotency.IdempotencyProperties.StoreType;
import dev.webhooks.idempotency.IdempotencyGuard;
import dev.webhooks.idempotency.IdempotencyKeyEncoder;
import dev.webhooks.idempotency.IdempotencyPolicy;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.InMemoryIdempotencyStore;
import dev.webhooks.idempotency.jdbc.JdbcIdempotencyStore;
import dev.webhooks.idempotency.redis.LettuceRecordCommands;
import dev.webhooks.idempotency.redis.RedisIdempotencyStore;
import dev.webhooks.idempotency.redis.RedisRecordCommands;
import dev.webhooks.scheduling.PeriodicTask;
import dev.webhooks.spring.idempotency.IdempotencyFilter;
import dev.webhooks.spring.idempotency.IdempotencyKeyStatusArgumentResolver;
import dev.webhooks.spring.idempotency.IdempotentEndpoints;
import dev.webhooks.spring.idempotency.SpringCacheIdempotencyStore;
import dev.webhooks.spring.idempotency.SpringDataRedisRecordCommands;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
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
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
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
		IdempotencyAutoConfiguration.RedisConnectionFactoryStoreConfiguration.class,
		IdempotencyAutoConfiguration.OwnRedisClientStoreConfiguration.class,
		IdempotencyAutoConfiguration.CacheStoreConfiguration.class,
		IdempotencyAutoConfiguration.MemoryStoreConfiguration.class,
		IdempotencyAutoConfiguration.AutomaticMemoryStoreConfiguration.class,
		IdempotencyAutoConfiguration.ServletFilterConfiguration.class })
final class IdempotencyAutoConfiguration {

	private static final String PREFIX = "webhooks.idempotency.";

	private static final String REDIS_CONNECTION_DETAILS = "org.springframework.boot.data.redis.autoconfigure."
			+ "DataRedisConnectionDetails";

	private static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection."
			+ "RedisConnectionFactory";

	private static final String REDIS = "spring.data.redis.";

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
			case REDIS -> "a RedisConnectionFactory bean (spring-boot-data-redis with io.lettuce:lettuce-core or Jedis "
					+ "makes one from spring.data.redis.*), or io.lettuce:lettuce-core and Redis connection details";
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

	/** Redis is the store: chosen, or automatic without a DataSource. */
	static final class RedisStoreCondition extends AnyNestedCondition {

		RedisStoreCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnIdempotencyStore(StoreType.REDIS)
		static final class Chosen {

		}

		@ConditionalOnIdempotencyStore(StoreType.AUTO)
		@ConditionalOnMissingBean(DataSource.class)
		static final class Automatic {

		}

	}

	/** The application's Redis connections, as it configured them: standalone, Sentinel or Cluster, TLS or not. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = REDIS_CONNECTION_FACTORY)
	@Conditional(RedisStoreCondition.class)
	@ConditionalOnSingleCandidate(type = REDIS_CONNECTION_FACTORY)
	static final class RedisConnectionFactoryStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean({ IdempotencyStore.class, RedisRecordCommands.class })
		SpringDataRedisRecordCommands idempotencyRedisCommands(RedisConnectionFactory redisConnectionFactory) {
			return new SpringDataRedisRecordCommands(redisConnectionFactory);
		}

		@Bean
		@ConditionalOnMissingBean(IdempotencyStore.class)
		RedisIdempotencyStore redisIdempotencyStore(RedisRecordCommands idempotencyRedisCommands,
				IdempotencyProperties properties, Clock clock) {
			return new RedisIdempotencyStore(idempotencyRedisCommands, properties.getRedisKeyPrefix(), clock);
		}

	}

	/** Connection details but no connection factory: the store's own Lettuce client, standalone and plain only. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.lettuce.core.RedisClient", REDIS_CONNECTION_DETAILS })
	@Conditional(RedisStoreCondition.class)
	@ConditionalOnMissingBean(type = REDIS_CONNECTION_FACTORY)
	@ConditionalOnBean(type = REDIS_CONNECTION_DETAILS)
	static final class OwnRedisClientStoreConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean({ IdempotencyStore.class, RedisRecordCommands.class })
		IdempotencyRedisConnection idempotencyRedisConnection(DataRedisConnectionDetails details,
				Environment environment) {
			return IdempotencyRedisConnection.open(details, environment);
		}

		@Bean
		@ConditionalOnMissingBean({ IdempotencyStore.class, RedisRecordCommands.class })
		LettuceRecordCommands idempotencyRedisCommands(IdempotencyRedisConnection idempotencyRedisConnection) {
			return new LettuceRecordCommands(idempotencyRedisConnection.connection());
		}

		@Bean
		@ConditionalOnMissingBean(IdempotencyStore.class)
		RedisIdempotencyStore redisIdempotencyStore(RedisRecordCommands idempotencyRedisCommands,
				IdempotencyProperties properties, Clock clock) {
			return new RedisIdempotencyStore(idempotencyRedisCommands, properties.getRedisKeyPrefix(), clock);
		}

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
	@ConditionalOnMissingBean(type = { "javax.sql.DataSource", REDIS_CONNECTION_DETAILS, REDIS_CONNECTION_FACTORY })
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

	/**
	 * The store's own Lettuce client and connection, from Spring Data Redis's connection details, used only when the
	 * application has no {@code RedisConnectionFactory}: one standalone server without TLS, so settings it cannot
	 * honour stop the start-up rather than connect somewhere else than configured.
	 */
	static final class IdempotencyRedisConnection implements AutoCloseable {

		private final RedisClient client;

		private final StatefulRedisConnection<byte[], byte[]> connection;

		private IdempotencyRedisConnection(RedisClient client) {
			this.client = client;
			this.connection = client.connect(ByteArrayCodec.INSTANCE);
		}

		static IdempotencyRedisConnection open(DataRedisConnectionDetails details, Environment environment) {
			refuseWhatTheOwnClientCannotDo(details, environment);
			DataRedisConnectionDetails.Standalone standalone = Objects.requireNonNull(details.getStandalone());
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

		private static void refuseWhatTheOwnClientCannotDo(DataRedisConnectionDetails details,
				Environment environment) {
			if (details.getSentinel() != null) {
				throw cannot(REDIS + "sentinel.master", "Sentinel");
			}
			if (details.getCluster() != null) {
				throw cannot(REDIS + "cluster.nodes", "Cluster");
			}
			if (details.getMasterReplica() != null) {
				throw cannot(REDIS + "masterreplica.nodes", "master/replica nodes");
			}
			if (details.getStandalone() == null) {
				throw cannot(REDIS + "host", "anything but a standalone server");
			}
			String url = environment.getProperty(REDIS + "url");
			if (url != null && url.regionMatches(true, 0, "rediss:", 0, 7)) {
				throw cannot(REDIS + "url", "TLS (rediss://)");
			}
			if (environment.getProperty(REDIS + "ssl.enabled", Boolean.class, false)) {
				throw cannot(REDIS + "ssl.enabled", "TLS");
			}
			if (environment.containsProperty(REDIS + "ssl.bundle")) {
				throw cannot(REDIS + "ssl.bundle", "TLS");
			}
			if (details.getSslBundle() != null) {
				throw cannot(REDIS + "ssl.bundle", "TLS (the connection details have an SSL bundle)");
			}
		}

		private static InvalidWebhooksPropertyException cannot(String property, String what) {
			return new InvalidWebhooksPropertyException(property, "the Redis idempotency store's own client connects "
					+ "to one standalone server without TLS and cannot use " + what + "; with no RedisConnectionFactory "
					+ "bean it would connect elsewhere than configured. Add a Redis client (io.lettuce:lettuce-core or "
					+ "Jedis) so spring-boot-data-redis creates a RedisConnectionFactory, which the store then uses, or "
					+ "define an IdempotencyStore bean");
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
