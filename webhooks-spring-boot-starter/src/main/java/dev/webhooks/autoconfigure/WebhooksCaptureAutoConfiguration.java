package dev.webhooks.autoconfigure;

import java.time.Clock;

import dev.webhooks.capture.CaptureObserver;
import dev.webhooks.capture.hibernate.HibernateChangeCapture;
import dev.webhooks.delivery.DeliveryStore;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.hooks.HookDeliveries;
import dev.webhooks.publish.DeliveryFactory;
import dev.webhooks.publish.PeerServers;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Captures changes of {@code @HttpReceiver} entities in every Hibernate {@link EntityManagerFactory} of the
 * application, registering the listeners as soon as the factory is built.
 */
@AutoConfiguration(after = WebhooksOutboxAutoConfiguration.class, before = HibernateJpaAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "webhooks.capture.enabled", matchIfMissing = true)
@ConditionalOnClass({ EntityManagerFactory.class, SessionFactoryImplementor.class })
public final class WebhooksCaptureAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static HibernateChangeCaptureRegistrar webhooksHibernateChangeCaptureRegistrar(ObjectProvider<PeerServers> peers,
			ObjectProvider<DeliveryFactory> deliveryFactory, ObjectProvider<DeliveryStore> store,
			ObjectProvider<DeliveryDispatcher> dispatcher, ObjectProvider<Clock> clock,
			ObjectProvider<HookDeliveries> hooks, ObjectProvider<CaptureObserver> observers,
			ObjectProvider<WebhooksProperties> properties) {
		return new HibernateChangeCaptureRegistrar(peers, deliveryFactory, store, dispatcher, clock, hooks, observers,
				properties);
	}

	/**
	 * Adds the capture listeners to each entity manager factory once it is built. Static and lazy about its
	 * dependencies, because it post-processes beans that the outbox itself is created after.
	 */
	static final class HibernateChangeCaptureRegistrar implements BeanPostProcessor {

		private final ObjectProvider<PeerServers> peers;

		private final ObjectProvider<DeliveryFactory> deliveryFactory;

		private final ObjectProvider<DeliveryStore> store;

		private final ObjectProvider<DeliveryDispatcher> dispatcher;

		private final ObjectProvider<Clock> clock;

		private final ObjectProvider<HookDeliveries> hooks;

		private final ObjectProvider<CaptureObserver> observers;

		private final ObjectProvider<WebhooksProperties> properties;

		HibernateChangeCaptureRegistrar(ObjectProvider<PeerServers> peers,
				ObjectProvider<DeliveryFactory> deliveryFactory, ObjectProvider<DeliveryStore> store,
				ObjectProvider<DeliveryDispatcher> dispatcher, ObjectProvider<Clock> clock,
				ObjectProvider<HookDeliveries> hooks, ObjectProvider<CaptureObserver> observers,
				ObjectProvider<WebhooksProperties> properties) {
			this.peers = peers;
			this.deliveryFactory = deliveryFactory;
			this.store = store;
			this.dispatcher = dispatcher;
			this.clock = clock;
			this.hooks = hooks;
			this.observers = observers;
			this.properties = properties;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof EntityManagerFactory entityManagerFactory) {
				DeliveryFactory factory = this.deliveryFactory.getIfAvailable();
				if (factory == null) {
					// no outbox (no single DataSource): nothing to capture into
					return bean;
				}
				SessionFactoryImplementor sessionFactory = entityManagerFactory
					.unwrap(SessionFactoryImplementor.class);
				new HibernateChangeCapture(this.peers.getObject(), factory, this.store::getObject,
						WebhooksOutboxAutoConfiguration.wakeUp(this.dispatcher), this.clock.getObject(),
						this.hooks.getIfAvailable(), CaptureObserver.of(this.observers.orderedStream().toList()),
						this.properties.getObject().getCapture().getOnFailure())
					.register(sessionFactory);
			}
			return bean;
		}

	}

}
