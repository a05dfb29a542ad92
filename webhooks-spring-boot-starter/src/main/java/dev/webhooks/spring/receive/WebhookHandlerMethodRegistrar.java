package dev.webhooks.spring.receive;

import java.lang.reflect.Method;
import java.util.Map;

import dev.webhooks.receive.WebhookHandler;
import dev.webhooks.receive.WebhookHandlerRegistry;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Registers the {@link WebhookHandler} methods of every bean, through the bean's proxy when it has one, so
 * {@code @Transactional} and other advice apply to handlers.
 */
public class WebhookHandlerMethodRegistrar implements BeanPostProcessor {

	private final WebhookHandlerRegistry registry;

	public WebhookHandlerMethodRegistrar(WebhookHandlerRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (!AnnotationUtils.isCandidateClass(targetClass, WebhookHandler.class)) {
			return bean;
		}
		Map<Method, WebhookHandler> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<WebhookHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, WebhookHandler.class));
		for (Method method : methods.keySet()) {
			this.registry.register(bean, AopUtils.selectInvocableMethod(method, bean.getClass()));
		}
		return bean;
	}

}
