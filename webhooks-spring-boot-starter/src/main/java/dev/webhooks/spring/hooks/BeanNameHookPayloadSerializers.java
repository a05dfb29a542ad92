package dev.webhooks.spring.hooks;

import dev.webhooks.hooks.payload.HookPayloadSerializer;
import dev.webhooks.hooks.payload.HookPayloadSerializers;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Finds {@link HookPayloadSerializer} beans by bean name.
 */
public final class BeanNameHookPayloadSerializers implements HookPayloadSerializers {

	private final ListableBeanFactory beanFactory;

	public BeanNameHookPayloadSerializers(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public @Nullable HookPayloadSerializer find(String name) {
		if (!this.beanFactory.containsBean(name) || !this.beanFactory.isTypeMatch(name, HookPayloadSerializer.class)) {
			return null;
		}
		return this.beanFactory.getBean(name, HookPayloadSerializer.class);
	}

}
