package dev.webhooks.autoconfigure;

import dev.webhooks.capture.hibernate.HibernateChangeCapture;
import dev.webhooks.publish.OutboxSink;
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
 * Captures changes of {@code @HttpReceiver} entities, and of entities runtime hooks listen to, into the outbox, in
 * every Hibernate {@link EntityManagerFactory} of the application, registering the outbox as a sink of the factory's
 * change capture as soon as the factory is built.
 */
@AutoConfiguration(after = WebhooksOutboxAutoConfiguration.class, before = HibernateJpaAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "webhooks.capture.enabled", matchIfMissing = true)
@ConditionalOnClass({ EntityManagerFactory.class, SessionFactoryImplementor.class })
public final class WebhooksCaptureAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static HibernateChangeCaptureRegistrar webhooksHibernateChangeCaptureRegistrar(ObjectProvider<OutboxSink> outbox) {
		return new HibernateChangeCaptureRegistrar(outbox);
	}

	/**
	 * Adds the outbox to the change capture of each entity manager factory once it is built. Static and lazy about
	 * its dependencies, because it post-processes beans that the outbox itself is created after.
	 */
	static final class HibernateChangeCaptureRegistrar implements BeanPostProcessor {

		private final ObjectProvider<OutboxSink> outbox;

		HibernateChangeCaptureRegistrar(ObjectProvider<OutboxSink> outbox) {
			this.outbox = outbox;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof EntityManagerFactory entityManagerFactory) {
				OutboxSink sink = this.outbox.getIfAvailable();
				if (sink == null) {
					// no outbox (no single DataSource): nothing to capture into
					return bean;
				}
				HibernateChangeCapture.register(entityManagerFactory.unwrap(SessionFactoryImplementor.class), sink);
			}
			return bean;
		}

	}

}
