package dev.webhooks.autoconfigure.hooks;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import dev.webhooks.autoconfigure.OutboxWakeUp;
import dev.webhooks.autoconfigure.PeriodicTaskLifecycle;
import dev.webhooks.autoconfigure.WebhooksOutboxAutoConfiguration;
import dev.webhooks.autoconfigure.WebhooksProperties;
import dev.webhooks.autoconfigure.security.WebhooksAccessAutoConfiguration;
import dev.webhooks.capture.hibernate.HibernateChangeCapture;
import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.dispatch.WebhookRequests;
import dev.webhooks.dispatch.WebhookTransport;
import dev.webhooks.eventlog.EventLog;
import dev.webhooks.eventlog.EventLogPurge;
import dev.webhooks.eventlog.EventLogSink;
import dev.webhooks.eventlog.jdbc.JdbcEventLog;
import dev.webhooks.hooks.EntityTypes;
import dev.webhooks.hooks.HookDeliveries;
import dev.webhooks.hooks.HookEndpointResolver;
import dev.webhooks.hooks.HookRegistry;
import dev.webhooks.hooks.HookReplay;
import dev.webhooks.hooks.HookService;
import dev.webhooks.hooks.HookStore;
import dev.webhooks.hooks.HookValidator;
import dev.webhooks.hooks.jdbc.JdbcHookStore;
import dev.webhooks.hooks.payload.HookPayloadSerializers;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.scheduling.PeriodicTask;
import dev.webhooks.spring.hooks.BeanNameHookPayloadSerializers;
import dev.webhooks.spring.hooks.HooksController;
import dev.webhooks.spring.security.WebhooksAccess;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Runtime hooks on the application's data source: the store, the registry every instance refreshes from it, the
 * {@link HookService} Java API, the resolver that signs hook deliveries with each hook's secret, and the REST API.
 * Entity capture and the publisher pick up the {@link HookDeliveries} bean.
 */
@AutoConfiguration(after = { WebhooksOutboxAutoConfiguration.class, WebhooksAccessAutoConfiguration.class },
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "webhooks.hooks.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(HooksProperties.class)
public final class HooksAutoConfiguration {

	private static final String PREFIX = "webhooks.hooks.";

	// ids deleted in one statement: within every database's limit of bound parameters
	private static final int PURGE_BATCH_SIZE = 1000;

	@Bean
	@ConditionalOnMissingBean
	HookStore webhooksHookStore(DataSource dataSource, JsonMapper jsonMapper) {
		// created after the schema initializer: see WebhooksSchemaDependentsDetector
		return new JdbcHookStore(dataSource, jsonMapper);
	}

	@Bean
	@ConditionalOnMissingBean
	HookRegistry webhooksHookRegistry(HookStore store) {
		HookRegistry registry = new HookRegistry(store);
		registry.refresh();
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	HookPayloadSerializers webhooksHookPayloadSerializers(ListableBeanFactory beanFactory) {
		return new BeanNameHookPayloadSerializers(beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	HookDeliveries webhooksHookDeliveries(HookRegistry registry, HookPayloadSerializers serializers,
			JsonMapper jsonMapper, PeerServers peers, WebhooksProperties properties) {
		return new HookDeliveries(registry, serializers, jsonMapper, peers.appId(),
				properties.getCapture().getOnFailure());
	}

	@Bean
	@ConditionalOnMissingBean
	HookValidator webhooksHookValidator(HooksProperties hooks, WebhooksProperties properties,
			ObjectProvider<EntityTypes> entityTypes, HookPayloadSerializers serializers) {
		return new HookValidator(entityTypes.getIfAvailable(EntityTypes::unchecked), hooks.customEventNames(),
				serializers, properties.getHttp().addressGuard());
	}

	@Bean
	@ConditionalOnMissingBean
	HookService webhooksHookService(HookStore store, HookRegistry registry, HookValidator validator,
			HookDeliveries deliveries, ObjectProvider<WebhookTransport> transport, WebhookRequests requests,
			Clock clock, ObjectProvider<HookReplay> replay, HooksProperties hooks) {
		return new HookService(store, registry, validator, deliveries, clock, transport.getIfAvailable(), requests,
				replay.getIfAvailable(), hooks.getRotationOverlap());
	}

	/** Resolves {@code hook:} targets to their hook's secret and every other target to its peer server. */
	@Bean
	@Primary
	@ConditionalOnMissingBean
	HookEndpointResolver webhooksHookEndpointResolver(PeerServers peers, HookRegistry registry, Clock clock) {
		return new HookEndpointResolver(peers, registry, clock);
	}

	@Bean
	@ConditionalOnMissingBean(name = "webhooksHookRefresher")
	PeriodicTaskLifecycle webhooksHookRefresher(HookRegistry registry, HooksProperties properties) {
		// a change made on another instance applies here within one interval; the last loaded hooks stay in force
		// while the database cannot be read
		return new PeriodicTaskLifecycle(
				new PeriodicTask("hooks-refresh", properties.getRefreshInterval(), registry::refreshIfChanged));
	}

	/**
	 * The event log ({@code webhooks.hooks.event-log.enabled}): captured changes and custom events kept for a
	 * retention, replayed to hooks when they are created, and purged by the outbox's periodic purge.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "webhooks.hooks.event-log.enabled")
	static class EventLogConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EventLog webhooksEventLog(DataSource dataSource) {
			return new JdbcEventLog(dataSource);
		}

		@Bean
		@ConditionalOnMissingBean
		EventLogSink webhooksEventLogSink(ObjectProvider<EventLog> log, JsonMapper jsonMapper, Clock clock,
				HooksProperties hooks, WebhooksProperties properties) {
			return new EventLogSink(log::getObject, jsonMapper, clock,
					Set.copyOf(hooks.getEventLog().getEntityTypes().stream().map(String::strip).toList()),
					properties.getCapture().getOnFailure());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(OutboxWriter.class)
		HookReplay webhooksHookReplay(EventLog log, DataSource dataSource, OutboxWriter outbox,
				HookDeliveries deliveries, ObjectProvider<OutboxWakeUp> wakeUps, Clock clock,
				HooksProperties hooks) {
			return new HookReplay(log, dataSource, outbox, deliveries,
					OutboxWakeUp.all(wakeUps), clock,
					hooks.getEventLog().getReplayPageSize());
		}

		/** Run by the outbox's periodic purge ({@code webhooks.operations.purge.*}). */
		@Bean
		@ConditionalOnMissingBean
		EventLogPurge webhooksEventLogPurge(EventLog log, Clock clock, HooksProperties hooks) {
			return new EventLogPurge(log, clock, hooks.getEventLog().getRetention(), PURGE_BATCH_SIZE);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnClass({ EntityManagerFactory.class, SessionFactoryImplementor.class })
		static EventLogCaptureRegistrar webhooksEventLogCaptureRegistrar(ObjectProvider<EventLogSink> sink) {
			return new EventLogCaptureRegistrar(sink);
		}

	}

	/**
	 * Adds the event log to the change capture of each entity manager factory once it is built; lazy about the sink,
	 * since it post-processes beans created before it.
	 */
	static final class EventLogCaptureRegistrar implements BeanPostProcessor {

		private final ObjectProvider<EventLogSink> sink;

		EventLogCaptureRegistrar(ObjectProvider<EventLogSink> sink) {
			this.sink = sink;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof EntityManagerFactory entityManagerFactory) {
				EventLogSink sink = this.sink.getIfAvailable();
				if (sink != null) {
					HibernateChangeCapture.register(entityManagerFactory.unwrap(SessionFactoryImplementor.class), sink);
				}
			}
			return bean;
		}

	}

	/** The JPA entities hooks may name: every entity of the metamodel, by its JPA entity name. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EntityManagerFactory.class)
	static class JpaEntityTypesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(EntityManagerFactory.class)
		EntityTypes webhooksHookEntityTypes(EntityManagerFactory entityManagerFactory) {
			Map<String, Set<String>> attributes = new TreeMap<>();
			for (EntityType<?> entity : entityManagerFactory.getMetamodel().getEntities()) {
				Set<String> names = new TreeSet<>();
				for (Attribute<?, ?> attribute : entity.getAttributes()) {
					names.add(attribute.getName());
				}
				attributes.put(entity.getName(), names);
			}
			return new EntityTypes(attributes);
		}

	}

	/**
	 * The REST API, served only with an access check: the shared {@link WebhooksAccess} policy (Spring Security's
	 * roles, or a bean of the application), or, explicitly and for development only, none.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(DispatcherServlet.class)
	@ConditionalOnBooleanProperty(name = "webhooks.hooks.api.enabled", matchIfMissing = true)
	static class ApiConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
		static class SecuredApiConfiguration {

			@Bean
			@ConditionalOnMissingBean
			HooksController webhooksHooksController(HookService hooks, WebhooksAccess access, Clock clock) {
				return new HooksController(hooks, access, clock);
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingClass("org.springframework.security.core.context.SecurityContextHolder")
		@ConditionalOnBooleanProperty(name = "webhooks.hooks.api.allow-without-security")
		static class OpenApiConfiguration {

			@Bean
			@ConditionalOnMissingBean
			HooksController webhooksHooksController(HookService hooks, WebhooksAccess access,
					HooksProperties properties, Clock clock) {
				if (access == WebhooksAccess.ALLOW_ALL) {
					LoggerFactory.getLogger(HooksAutoConfiguration.class)
						.warn("The hooks REST API at {} has no access check ({}allow-without-security=true); "
								+ "use this only for local development", properties.getApi().getPath(),
								PREFIX + "api.");
				}
				return new HooksController(hooks, access, clock);
			}

		}

	}

}
