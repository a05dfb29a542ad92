package dev.webhooks.autoconfigure.idempotency;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.WebhooksAutoConfiguration;
import dev.webhooks.autoconfigure.idempotency.IdempotencyAutoConfiguration.IdempotencyRedisConnection;
import dev.webhooks.idempotency.Claim;
import dev.webhooks.idempotency.IdempotencyGuard;
import dev.webhooks.idempotency.IdempotencyKey;
import dev.webhooks.idempotency.IdempotencyKeyEncoder;
import dev.webhooks.idempotency.IdempotencyPolicy;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.InMemoryIdempotencyStore;
import dev.webhooks.idempotency.jdbc.JdbcIdempotencyStore;
import dev.webhooks.idempotency.redis.LettuceRecordCommands;
import dev.webhooks.idempotency.redis.RedisIdempotencyStore;
import dev.webhooks.spring.idempotency.IdempotencyFilter;
import dev.webhooks.spring.idempotency.SpringCacheIdempotencyStore;
import dev.webhooks.spring.idempotency.SpringDataRedisRecordCommands;
import dev.webhooks.testing.TestRedis;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyAutoConfigurationTests {

	private final WebApplicationContextRunner web = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhooksAutoConfiguration.class, IdempotencyAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class));

	private final ApplicationContextRunner plain = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhooksAutoConfiguration.class, IdempotencyAutoConfiguration.class));

	private static String h2Url() {
		return "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
	}

	@Test
	void providesTheFilterAndAMemoryStoreWhenThereIsNoDataSourceNorRedis() {
		this.web.run((context) -> {
			assertThat(context).hasSingleBean(IdempotencyFilter.class)
				.hasSingleBean(IdempotencyGuard.class)
				.hasSingleBean(IdempotencyKeyEncoder.class)
				.hasBean("idempotencyRecordPurge");
			assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(InMemoryIdempotencyStore.class);
			assertThat(context.getBean("idempotencyFilterRegistration", FilterRegistrationBean.class).getOrder())
				.isZero();
			IdempotencyPolicy policy = context.getBean(IdempotencyPolicy.class);
			assertThat(policy.retention()).isEqualTo(Duration.ofHours(24));
			assertThat(policy.lockTimeout()).isEqualTo(Duration.ofMinutes(1));
			assertThat(policy.storedStatuses().test(201)).isTrue();
			assertThat(policy.storedStatuses().test(500)).isFalse();
		});
	}

	@Test
	void choosesTheJdbcStoreWhenThereIsADataSource() {
		this.web.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues(h2Url())
			.run((context) -> assertThat(context.getBean(IdempotencyStore.class))
				.isInstanceOf(JdbcIdempotencyStore.class));
	}

	@Test
	void choosesTheRedisStoreOnTheApplicationsConnectionFactoryWhenSpringDataRedisIsConfigured() {
		try (TestRedis redis = TestRedis.create()) {
			this.web.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
				.withPropertyValues(redis.springProperties())
				.withPropertyValues("webhooks.idempotency.redis-key-prefix=" + redis.keyPrefix())
				.run((context) -> {
					RedisIdempotencyStore store = context.getBean(RedisIdempotencyStore.class);
					assertThat(store.commands()).isInstanceOf(SpringDataRedisRecordCommands.class);
					assertThat(((SpringDataRedisRecordCommands) store.commands()).connectionFactory())
						.isSameAs(context.getBean(RedisConnectionFactory.class));
					assertThat(context).doesNotHaveBean(IdempotencyRedisConnection.class);
					assertClaimsAKey(store);
				});
		}
	}

	@Test
	void usesAConnectionFactoryTheApplicationDefinesItself() {
		try (TestRedis redis = TestRedis.create()) {
			this.plain.withBean(LettuceConnectionFactory.class,
					() -> new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port())))
				.withPropertyValues("webhooks.idempotency.redis-key-prefix=" + redis.keyPrefix())
				.run((context) -> {
					RedisIdempotencyStore store = context.getBean(RedisIdempotencyStore.class);
					assertThat(((SpringDataRedisRecordCommands) store.commands()).connectionFactory())
						.isSameAs(context.getBean(LettuceConnectionFactory.class));
					assertClaimsAKey(store);
				});
		}
	}

	@Test
	void usesItsOwnLettuceClientWhenThereAreConnectionDetailsButNoConnectionFactory() {
		try (TestRedis redis = TestRedis.create()) {
			this.plain.withBean(DataRedisConnectionDetails.class, () -> standalone(redis.host(), redis.port()))
				.withPropertyValues("webhooks.idempotency.store=redis",
						"webhooks.idempotency.redis-key-prefix=" + redis.keyPrefix())
				.run((context) -> {
					assertThat(context).doesNotHaveBean(RedisConnectionFactory.class)
						.hasSingleBean(IdempotencyRedisConnection.class);
					RedisIdempotencyStore store = context.getBean(RedisIdempotencyStore.class);
					assertThat(store.commands()).isInstanceOf(LettuceRecordCommands.class);
					assertClaimsAKey(store);
				});
		}
	}

	@Test
	void refusesSentinelForItsOwnClientNamingTheProperty() {
		DataRedisConnectionDetails sentinel = new DataRedisConnectionDetails() {

			@Override
			public Sentinel getSentinel() {
				return new Sentinel() {

					@Override
					public int getDatabase() {
						return 0;
					}

					@Override
					public String getMaster() {
						return "mymaster";
					}

					@Override
					public List<Node> getNodes() {
						return List.of(new Node("127.0.0.1", 26379));
					}

					@Override
					public String getUsername() {
						return null;
					}

					@Override
					public String getPassword() {
						return null;
					}

				};
			}

		};
		this.plain.withBean(DataRedisConnectionDetails.class, () -> sentinel)
			.withPropertyValues("webhooks.idempotency.store=redis")
			.run((context) -> assertThat(context).getFailure()
				.hasRootCauseInstanceOf(InvalidWebhooksPropertyException.class)
				.hasStackTraceContaining("spring.data.redis.sentinel.master: the Redis idempotency store's own "
						+ "client connects to one standalone server without TLS and cannot use Sentinel"));
	}

	@Test
	void refusesClusterForItsOwnClientNamingTheProperty() {
		DataRedisConnectionDetails cluster = new DataRedisConnectionDetails() {

			@Override
			public Cluster getCluster() {
				return () -> List.of(new Node("127.0.0.1", 7000));
			}

		};
		this.plain.withBean(DataRedisConnectionDetails.class, () -> cluster)
			.withPropertyValues("webhooks.idempotency.store=redis")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("spring.data.redis.cluster.nodes: the Redis idempotency store's own client")
				.hasStackTraceContaining("cannot use Cluster"));
	}

	@Test
	void refusesTlsForItsOwnClientNamingTheProperty() {
		this.plain.withBean(DataRedisConnectionDetails.class, () -> standalone("127.0.0.1", 6379))
			.withPropertyValues("webhooks.idempotency.store=redis", "spring.data.redis.ssl.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("spring.data.redis.ssl.enabled: the Redis idempotency store's own client")
				.hasStackTraceContaining("cannot use TLS"));
		this.plain.withBean(DataRedisConnectionDetails.class, () -> standalone("127.0.0.1", 6379))
			.withPropertyValues("webhooks.idempotency.store=redis", "spring.data.redis.url=rediss://127.0.0.1:6379")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("spring.data.redis.url: the Redis idempotency store's own client"));
	}

	private static DataRedisConnectionDetails standalone(String host, int port) {
		return new DataRedisConnectionDetails() {

			@Override
			public Standalone getStandalone() {
				return Standalone.of(host, port);
			}

		};
	}

	private static void assertClaimsAKey(IdempotencyStore store) {
		String key = "claimed-" + UUID.randomUUID();
		assertThat(store.claim(key, "fingerprint", Duration.ofSeconds(30), Duration.ofMinutes(1)))
			.isInstanceOf(Claim.Acquired.class);
		assertThat(store.claim(key, "fingerprint", Duration.ofSeconds(30), Duration.ofMinutes(1)))
			.isInstanceOf(Claim.Existing.class);
	}

	@Test
	void prefersTheJdbcStoreOverRedis() {
		this.web.withConfiguration(
				AutoConfigurations.of(DataSourceAutoConfiguration.class, DataRedisAutoConfiguration.class))
			.withPropertyValues(h2Url())
			.run((context) -> assertThat(context.getBean(IdempotencyStore.class))
				.isInstanceOf(JdbcIdempotencyStore.class));
	}

	@Test
	void usesTheExplicitlyChosenStore() {
		this.web.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues(h2Url(), "webhooks.idempotency.store=memory")
			.run((context) -> assertThat(context.getBean(IdempotencyStore.class))
				.isInstanceOf(InMemoryIdempotencyStore.class));
	}

	@Test
	void usesTheNamedSpringCacheForTheCacheStore() {
		this.web.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class))
			.withUserConfiguration(Caching.class)
			.withPropertyValues("webhooks.idempotency.store=cache", "webhooks.idempotency.cache-name=keys",
					"spring.cache.cache-names=keys")
			.run((context) -> assertThat(context.getBean(IdempotencyStore.class))
				.isInstanceOf(SpringCacheIdempotencyStore.class));
	}

	@Test
	void backsOffFromTheApplicationsOwnBeans() {
		this.web.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(IdempotencyStore.class);
			assertThat(context.getBean(IdempotencyStore.class)).isSameAs(context.getBean("ownStore"));
			assertThat(context.getBean(IdempotencyGuard.class).store()).isSameAs(context.getBean("ownStore"));
			assertThat(context.getBean(IdempotencyKeyEncoder.class)).isSameAs(context.getBean("ownEncoder"));
		});
	}

	@Test
	void bindsTheSettings() {
		this.web
			.withPropertyValues("webhooks.idempotency.retention=2h", "webhooks.idempotency.lock-timeout=30s",
					"webhooks.idempotency.stored-statuses=201", "webhooks.idempotency.filter-order=-50")
			.run((context) -> {
				IdempotencyPolicy policy = context.getBean(IdempotencyPolicy.class);
				assertThat(policy.retention()).isEqualTo(Duration.ofHours(2));
				assertThat(policy.lockTimeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(policy.storedStatuses().test(200)).isFalse();
				assertThat(context.getBean("idempotencyFilterRegistration", FilterRegistrationBean.class).getOrder())
					.isEqualTo(-50);
			});
	}

	@Test
	void keepsTheStoreButNotTheFilterWhenDisabled() {
		this.web.withPropertyValues("webhooks.idempotency.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(IdempotencyFilter.class);
			assertThat(context).hasSingleBean(IdempotencyGuard.class).hasSingleBean(IdempotencyStore.class);
		});
	}

	@Test
	void providesNoFilterOutsideAServletWebApplication() {
		this.plain.run((context) -> {
			assertThat(context).doesNotHaveBean(IdempotencyFilter.class);
			assertThat(context).hasSingleBean(IdempotencyGuard.class);
		});
	}

	@Test
	void failsWhenTheJdbcStoreHasNoDataSource() {
		this.web.withPropertyValues("webhooks.idempotency.store=jdbc")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("webhooks.idempotency.store=jdbc needs a single DataSource bean"));
	}

	@Test
	void failsWhenTheRedisStoreHasNoLettuce() {
		this.web.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(RedisClient.class))
			.withPropertyValues("webhooks.idempotency.store=redis")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("webhooks.idempotency.store=redis needs a RedisConnectionFactory bean"));
	}

	@Test
	void failsWhenTheCacheStoreHasNoCacheManager() {
		this.web.withPropertyValues("webhooks.idempotency.store=cache")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("webhooks.idempotency.store=cache needs a CacheManager bean"));
	}

	@Test
	void failsWhenTheCacheDoesNotExist() {
		this.web.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class))
			.withUserConfiguration(Caching.class)
			.withPropertyValues("webhooks.idempotency.store=cache", "spring.cache.cache-names=other")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("no cache named 'webhooks-idempotency'"));
	}

	@Test
	void failsAtStartUpOnAnEndpointNamingAnUnknownCacheNamingTheMethod() {
		this.web.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class))
			.withUserConfiguration(Caching.class, UnknownCacheEndpoint.class)
			.withPropertyValues("webhooks.idempotency.store=cache", "spring.cache.cache-names=webhooks-idempotency")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("@IdempotencyKey(cacheName = \"nope\") on method "
						+ UnknownCacheEndpoint.class.getName() + "#pay")
				.hasStackTraceContaining("no cache named 'nope'"));
		this.web.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class))
			.withUserConfiguration(Caching.class, UnknownCacheEndpoint.class)
			.withPropertyValues("webhooks.idempotency.store=cache",
					"spring.cache.cache-names=webhooks-idempotency,nope")
			.run((context) -> assertThat(context).hasNotFailed());
		// the other stores keep every key in one place and do not use the name
		this.web.withUserConfiguration(UnknownCacheEndpoint.class)
			.withPropertyValues("webhooks.idempotency.store=memory")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void failsOnStoredStatusesThatAreNotStatuses() {
		this.web.withPropertyValues("webhooks.idempotency.stored-statuses=2xx,ok")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("webhooks.idempotency.stored-statuses: 'ok' is not a status code"));
	}

	@Test
	void failsOnAnInFlightStatusThatIsNotAClientError() {
		this.web.withPropertyValues("webhooks.idempotency.in-flight-status=500")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("webhooks.idempotency.in-flight-status: must be a 4xx status"));
	}

	@Test
	void failsOnAZeroRetention() {
		this.web.withPropertyValues("webhooks.idempotency.retention=0s")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("webhooks.idempotency.retention: must be a positive duration"));
	}

	@Test
	void describesEverySettingInTheConfigurationMetadata() throws Exception {
		try (InputStream metadata = getClass().getClassLoader()
			.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).isNotNull();
			String json = new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(json).contains("\"webhooks.idempotency.lock-timeout\"")
				.contains("\"webhooks.idempotency.retention\"")
				.contains("\"webhooks.idempotency.stored-statuses\"")
				.contains("How long a completed key is remembered");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class Caching {

	}

	@RestController
	static class UnknownCacheEndpoint {

		@PostMapping("/payments")
		@IdempotencyKey(cacheName = "nope")
		void pay() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		@Bean
		IdempotencyStore ownStore() {
			return new InMemoryIdempotencyStore();
		}

		@Bean
		IdempotencyKeyEncoder ownEncoder() {
			return (key, method, path, caller) -> key;
		}

	}

}
