package dev.webhooks.autoconfigure.realtime;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import com.pusher.rest.Pusher;
import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.WebhooksAutoConfiguration;
import dev.webhooks.capture.hibernate.HibernateChangeCapture;
import dev.webhooks.realtime.LocalRealtimeTransport;
import dev.webhooks.realtime.RealtimeChannelResolver;
import dev.webhooks.realtime.RealtimeChannels;
import dev.webhooks.realtime.RealtimeDataSerializer;
import dev.webhooks.realtime.RealtimeDispatcher;
import dev.webhooks.realtime.RealtimeEventFactory;
import dev.webhooks.realtime.RealtimeSink;
import dev.webhooks.realtime.RealtimeTransport;
import dev.webhooks.realtime.jdbc.JdbcRealtimeBroadcast;
import dev.webhooks.realtime.pusher.ChannelOccupancy;
import dev.webhooks.realtime.pusher.InMemoryChannelOccupancy;
import dev.webhooks.realtime.pusher.PusherRealtimeTransport;
import dev.webhooks.realtime.pusher.PusherWebhook;
import dev.webhooks.spring.realtime.PusherChannelAuthController;
import dev.webhooks.spring.realtime.PusherWebhookController;
import dev.webhooks.spring.realtime.RealtimeChannelAuthorizer;
import dev.webhooks.spring.realtime.RealtimeOriginFilter;
import dev.webhooks.spring.realtime.RealtimeSubscriptionController;
import dev.webhooks.spring.realtime.SpringCacheChannelOccupancy;
import dev.webhooks.spring.realtime.SseChannelHub;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Realtime push of {@code @RealtimeChannels} entity changes: the Hibernate listeners in every entity manager
 * factory, the {@link RealtimeDispatcher} feeding every {@link RealtimeTransport} bean, the server-sent events
 * endpoint in a servlet web application, and the Pusher transport when {@code webhooks.realtime.pusher.app-id} is
 * set.
 */
// the listener registrar is a BeanPostProcessor, in place before any entity manager factory whatever the order
@AutoConfiguration(after = WebhooksAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = RealtimeAutoConfiguration.PREFIX + "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RealtimeProperties.class)
@Import({ RealtimeAutoConfiguration.HibernateCaptureConfiguration.class,
		RealtimeAutoConfiguration.OriginFilterConfiguration.class,
		RealtimeAutoConfiguration.ServerSentEventsConfiguration.class,
		RealtimeAutoConfiguration.BroadcastWriterConfiguration.class,
		RealtimeAutoConfiguration.PusherConfiguration.class,
		RealtimeAutoConfiguration.PusherWebConfiguration.class,
		RealtimeAutoConfiguration.PusherWebhookSecurityConfiguration.class })
public final class RealtimeAutoConfiguration {

	static final String PREFIX = "webhooks.realtime.";

	/** How long a gap in the broadcast's ids is waited for: longer than any insert transaction takes. */
	private static final Duration BROADCAST_GAP_TIMEOUT = Duration.ofSeconds(5);

	/** How long broadcast rows are kept: every instance has read them long before. */
	private static final Duration BROADCAST_RETENTION = Duration.ofMinutes(1);

	@Bean
	@ConditionalOnMissingBean
	RealtimeEventFactory realtimeEventFactory(JsonMapper jsonMapper,
			ObjectProvider<RealtimeDataSerializer> serializer, ObjectProvider<RealtimeChannelResolver> resolvers,
			RealtimeProperties properties) {
		return new RealtimeEventFactory(jsonMapper, serializer.getIfUnique(() -> RealtimeDataSerializer.STATE),
				resolvers.orderedStream().toList(), properties.isExcludeOrigin());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RealtimeDispatcher realtimeDispatcher(ObjectProvider<RealtimeTransport> transports, RealtimeProperties properties) {
		return new RealtimeDispatcher(transports.orderedStream().toList(), properties.getQueueCapacity());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ EntityManagerFactory.class, SessionFactoryImplementor.class })
	static final class HibernateCaptureConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static RealtimeCaptureRegistrar webhooksRealtimeCaptureRegistrar(ObjectProvider<RealtimeEventFactory> events,
				ObjectProvider<RealtimeDispatcher> dispatcher) {
			return new RealtimeCaptureRegistrar(events, dispatcher);
		}

	}

	/**
	 * Adds realtime channels to the change capture of each entity manager factory once it is built; lazy about its
	 * dependencies, which may need repositories of that very factory.
	 */
	static final class RealtimeCaptureRegistrar implements BeanPostProcessor {

		private final ObjectProvider<RealtimeEventFactory> events;

		private final ObjectProvider<RealtimeDispatcher> dispatcher;

		private volatile boolean realtimeEntities;

		RealtimeCaptureRegistrar(ObjectProvider<RealtimeEventFactory> events,
				ObjectProvider<RealtimeDispatcher> dispatcher) {
			this.events = events;
			this.dispatcher = dispatcher;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof EntityManagerFactory entityManagerFactory) {
				SessionFactoryImplementor sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
				HibernateChangeCapture.register(sessionFactory, new RealtimeSink(this.events::getObject,
						(committed) -> this.dispatcher.getObject().dispatch(committed)));
				for (EntityType<?> entity : sessionFactory.getMetamodel().getEntities()) {
					if (entity.getJavaType() != null && entity.getJavaType().isAnnotationPresent(RealtimeChannels.class)) {
						this.realtimeEntities = true;
					}
				}
			}
			return bean;
		}

		/** Whether an entity manager factory built so far has {@code @RealtimeChannels} entities. */
		boolean foundRealtimeEntities() {
			return this.realtimeEntities;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ DispatcherServlet.class, jakarta.servlet.Filter.class })
	static final class OriginFilterConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "realtimeOriginFilterRegistration")
		FilterRegistrationBean<RealtimeOriginFilter> realtimeOriginFilterRegistration(RealtimeProperties properties) {
			FilterRegistrationBean<RealtimeOriginFilter> registration = new FilterRegistrationBean<>(
					new RealtimeOriginFilter(properties.getConnectionIdHeader()));
			// outside transactions opened further in, so their commit still sees the connection id
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ DispatcherServlet.class, SseEmitter.class })
	@ConditionalOnBooleanProperty(name = PREFIX + "sse.enabled", matchIfMissing = true)
	static final class ServerSentEventsConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		SseChannelHub sseChannelHub(RealtimeProperties properties, JsonMapper jsonMapper) {
			RealtimeProperties.Sse sse = properties.getSse();
			return new SseChannelHub(new SseChannelHub.Settings(sse.getMaxConnections(),
					sse.getMaxConnectionsPerClient(), sse.getClientBuffer(), sse.getHeartbeatInterval(),
					sse.getTimeout(), sse.getWriterThreads()), jsonMapper);
		}

		/**
		 * How events reach the subscribers: straight to this instance's, or through the database to every
		 * instance's (the returned poller is also a lifecycle bean, reading the table while the application runs).
		 */
		@Bean
		@ConditionalOnMissingBean(name = "sseRealtimeTransport")
		RealtimeTransport sseRealtimeTransport(SseChannelHub hub, RealtimeProperties properties,
				ObjectProvider<DataSource> dataSource, JsonMapper jsonMapper, Clock clock,
				ObjectProvider<RealtimeCaptureRegistrar> capture) {
			RealtimeProperties.Broadcast broadcast = properties.getSse().getBroadcast();
			DataSource database = dataSource.getIfUnique();
			if (broadcast == RealtimeProperties.Broadcast.LOCAL
					|| (broadcast == RealtimeProperties.Broadcast.AUTO && database == null)) {
				return new LocalRealtimeTransport(hub);
			}
			if (database == null) {
				throw new InvalidWebhooksPropertyException(PREFIX + "sse.broadcast",
						"'database' needs a single DataSource bean; define one or use 'local'");
			}
			return new RealtimeBroadcastPoller(new JdbcRealtimeBroadcast(database, jsonMapper, hub,
					clock, BROADCAST_GAP_TIMEOUT, BROADCAST_RETENTION),
					properties.getSse().getPollInterval(), () -> {
						RealtimeCaptureRegistrar registrar = capture.getIfAvailable();
						return registrar != null && registrar.foundRealtimeEntities();
					});
		}

		@Bean
		@ConditionalOnMissingBean
		RealtimeSubscriptionController realtimeSubscriptionController(SseChannelHub hub,
				ObjectProvider<RealtimeChannelAuthorizer> authorizer) {
			return new RealtimeSubscriptionController(hub, authorizer.getIfUnique());
		}

	}

	/**
	 * An instance without a web server (a worker, a batch job) has no subscribers, but its changes still reach the
	 * subscribers of the web instances on the same database.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnNotWebApplication
	@ConditionalOnSingleCandidate(DataSource.class)
	@ConditionalOnExpression("'${webhooks.realtime.sse.broadcast:auto}'.toLowerCase() != 'local'")
	static final class BroadcastWriterConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "sseRealtimeTransport")
		RealtimeTransport sseRealtimeTransport(DataSource dataSource, JsonMapper jsonMapper,
				Clock clock) {
			return new JdbcRealtimeBroadcast(dataSource, jsonMapper, (event) -> {
				// nobody subscribes here; this instance never polls
			}, clock, BROADCAST_GAP_TIMEOUT, BROADCAST_RETENTION);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Pusher.class)
	@ConditionalOnProperty(PREFIX + "pusher.app-id")
	static final class PusherConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		Pusher webhooksPusher(RealtimeProperties properties, ObjectProvider<PusherCustomizer> customizers) {
			PusherProperties settings = properties.getPusher();
			Pusher pusher = new Pusher(settings.getAppId().trim(), settings.getKey().trim(),
					settings.getSecret().trim());
			if (settings.getHost() != null && !settings.getHost().isBlank()) {
				pusher.setHost(settings.getHost().trim());
			}
			else if (settings.getCluster() != null && !settings.getCluster().isBlank()) {
				pusher.setCluster(settings.getCluster().trim());
			}
			pusher.setEncrypted(settings.isUseTls());
			pusher.setRequestTimeout((int) settings.getRequestTimeout().toMillis());
			customizers.orderedStream().forEach((customizer) -> customizer.customize(pusher));
			return pusher;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(PREFIX + "pusher.occupancy.enabled")
		ChannelOccupancy pusherChannelOccupancy(RealtimeProperties properties,
				ObjectProvider<CacheManager> cacheManager) {
			CacheManager caches = cacheManager.getIfUnique();
			if (caches == null) {
				return new InMemoryChannelOccupancy();
			}
			String name = properties.getPusher().getOccupancy().getCacheName();
			Cache cache = caches.getCache(name);
			if (cache == null) {
				throw new InvalidWebhooksPropertyException(PREFIX + "pusher.occupancy.cache-name", "the CacheManager "
						+ "has no cache named '" + name + "'; declare it (e.g. spring.cache.cache-names) or name another");
			}
			return new SpringCacheChannelOccupancy(cache);
		}

		@Bean
		@ConditionalOnMissingBean
		PusherRealtimeTransport pusherRealtimeTransport(Pusher pusher, RealtimeProperties properties,
				ObjectProvider<ChannelOccupancy> occupancy, JsonMapper jsonMapper,
				Clock clock) {
			PusherProperties settings = properties.getPusher();
			return new PusherRealtimeTransport(pusher,
					new PusherRealtimeTransport.Settings(settings.getMaxMessageSize().toBytes(), settings.getBatchSize(),
							settings.getOccupancy().getResyncInterval()),
					settings.getOccupancy().isEnabled() ? occupancy.getIfAvailable() : null, jsonMapper,
					clock);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Pusher.class, DispatcherServlet.class })
	@ConditionalOnProperty(PREFIX + "pusher.app-id")
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static final class PusherWebConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PusherChannelAuthController pusherChannelAuthController(Pusher pusher,
				ObjectProvider<RealtimeChannelAuthorizer> authorizer) {
			return new PusherChannelAuthController(pusher, authorizer.getIfUnique());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(PREFIX + "pusher.occupancy.enabled")
		PusherWebhook pusherWebhook(RealtimeProperties properties, ChannelOccupancy occupancy,
				JsonMapper jsonMapper, Clock clock) {
			PusherProperties settings = properties.getPusher();
			return new PusherWebhook(settings.getKey(), settings.getSecret(), occupancy, jsonMapper, clock,
					settings.getWebhookTolerance());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(PREFIX + "pusher.occupancy.enabled")
		PusherWebhookController pusherWebhookController(PusherWebhook webhook) {
			return new PusherWebhookController(webhook);
		}

	}

	/**
	 * Lets Pusher's webhooks past Spring Security: they carry no session or CSRF token and are authenticated by
	 * their signature. Only that path is skipped.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Pusher.class, WebSecurityCustomizer.class })
	@ConditionalOnProperty(PREFIX + "pusher.app-id")
	@ConditionalOnBooleanProperty(PREFIX + "pusher.occupancy.enabled")
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static final class PusherWebhookSecurityConfiguration {

		@Bean
		WebSecurityCustomizer pusherWebhookSecurityCustomizer(RealtimeProperties properties) {
			return (web) -> web.ignoring()
				.requestMatchers(PathPatternRequestMatcher.withDefaults()
					.matcher(HttpMethod.POST, properties.getPusher().getWebhookPath()));
		}

	}

}
