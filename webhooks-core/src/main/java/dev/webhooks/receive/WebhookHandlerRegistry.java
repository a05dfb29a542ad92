package dev.webhooks.receive;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.webhooks.message.WebhookMessage;

/**
 * The {@link WebhookHandler} methods, by topic. At most one handler answers a topic and event.
 */
public final class WebhookHandlerRegistry {

	private final Map<String, List<HandlerMethod>> handlers = new ConcurrentHashMap<>();

	/**
	 * Registers an annotated method.
	 * @param bean the object to invoke the method on
	 * @param method a method annotated with {@link WebhookHandler}, invocable on {@code bean}
	 * @throws IllegalStateException naming the method when it cannot be a handler or overlaps another
	 */
	public synchronized void register(Object bean, Method method) {
		WebhookHandler annotation = method.getAnnotation(WebhookHandler.class);
		if (annotation == null) {
			throw new IllegalStateException(describe(method) + " is not annotated with @WebhookHandler");
		}
		if (annotation.value().isBlank()) {
			throw new IllegalStateException("@WebhookHandler on " + describe(method) + " has an empty topic");
		}
		if (Modifier.isStatic(method.getModifiers())) {
			throw new IllegalStateException("@WebhookHandler method " + describe(method) + " must not be static");
		}
		int dataParameters = 0;
		for (Class<?> type : method.getParameterTypes()) {
			if (type != WebhookMessage.class) {
				dataParameters++;
			}
		}
		if (dataParameters > 1) {
			throw new IllegalStateException("@WebhookHandler method " + describe(method)
					+ " takes more than one data parameter; take the data and/or the WebhookMessage");
		}
		HandlerMethod handler = new HandlerMethod(bean, method, annotation.value(), Set.of(annotation.events()));
		List<HandlerMethod> existing = this.handlers.computeIfAbsent(annotation.value(), (name) -> new ArrayList<>());
		for (HandlerMethod other : existing) {
			if (other.overlaps(handler)) {
				throw new IllegalStateException("@WebhookHandler(\"" + annotation.value() + "\") on "
						+ describe(method) + " overlaps " + describe(other.method())
						+ "; give them distinct events");
			}
		}
		method.setAccessible(true);
		existing.add(handler);
	}

	/** The handler for a topic and event, if any. */
	public Optional<HandlerMethod> find(String topic, String event) {
		List<HandlerMethod> candidates = this.handlers.getOrDefault(topic, List.of());
		for (HandlerMethod handler : candidates) {
			if (handler.events().isEmpty() || handler.events().contains(event)) {
				return Optional.of(handler);
			}
		}
		return Optional.empty();
	}

	static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName() + "()";
	}

	/**
	 * A registered handler.
	 *
	 * @param bean the target
	 * @param method the method
	 * @param topic the topic
	 * @param events the events it takes; empty for all
	 */
	public record HandlerMethod(Object bean, Method method, String topic, Set<String> events) {

		boolean overlaps(HandlerMethod other) {
			return this.events.isEmpty() || other.events.isEmpty()
					|| this.events.stream().anyMatch(other.events::contains);
		}

		@Override
		public String toString() {
			return describe(this.method);
		}

	}

}
