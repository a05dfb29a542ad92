package dev.webhooks.receive;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.webhooks.message.WebhookMessage;

/**
 * The {@link WebhookHandler} methods, by source and topic. At most one handler answers a topic and event of a source;
 * handlers without a source take the messages of the configured servers.
 */
public final class WebhookHandlerRegistry {

	/** The source of handlers that take the messages of the configured servers. */
	static final String SERVERS = "";

	private final Map<Route, List<HandlerMethod>> handlers = new ConcurrentHashMap<>();

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
		if (!annotation.source().equals(annotation.source().strip())) {
			throw new IllegalStateException("@WebhookHandler on " + describe(method) + " has source '"
					+ annotation.source() + "' with surrounding spaces");
		}
		if (!annotation.source().isEmpty() && annotation.events().length > 0) {
			throw new IllegalStateException("@WebhookHandler on " + describe(method) + " has source '"
					+ annotation.source() + "' and events: the messages of a source have one type and no separate "
					+ "event; name the type in value, one handler per type");
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
		HandlerMethod handler = new HandlerMethod(bean, method, annotation.source(), annotation.value(),
				Set.of(annotation.events()));
		List<HandlerMethod> existing = this.handlers
			.computeIfAbsent(new Route(annotation.source(), annotation.value()), (route) -> new ArrayList<>());
		for (HandlerMethod other : existing) {
			if (other.overlaps(handler)) {
				throw new IllegalStateException("@WebhookHandler(" + handler.describeRoute() + ") on "
						+ describe(method) + " overlaps " + describe(other.method()) + "; give them distinct "
						+ (annotation.source().isEmpty() ? "events" : "types"));
			}
		}
		method.setAccessible(true);
		existing.add(handler);
	}

	/** The handler for a topic and event of the configured servers' messages, if any. */
	public Optional<HandlerMethod> find(String topic, String event) {
		return find(SERVERS, topic, event);
	}

	/**
	 * The handler for a topic and event of a source, if any.
	 * @param source the inbound source's name, or {@code ""} for the configured servers' messages
	 */
	public Optional<HandlerMethod> find(String source, String topic, String event) {
		List<HandlerMethod> candidates = this.handlers.getOrDefault(new Route(source, topic), List.of());
		for (HandlerMethod handler : candidates) {
			if (handler.events().isEmpty() || handler.events().contains(event)) {
				return Optional.of(handler);
			}
		}
		return Optional.empty();
	}

	/** The inbound sources that handlers are registered for, so a name can be checked against the configuration. */
	public Map<String, List<HandlerMethod>> handlersBySource() {
		Map<String, List<HandlerMethod>> bySource = new TreeMap<>();
		this.handlers.forEach((route, methods) -> {
			if (!route.source().isEmpty()) {
				bySource.computeIfAbsent(route.source(), (source) -> new ArrayList<>()).addAll(methods);
			}
		});
		return bySource;
	}

	static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName() + "()";
	}

	private record Route(String source, String topic) {
	}

	/**
	 * A registered handler.
	 *
	 * @param bean the target
	 * @param method the method
	 * @param source the inbound source it takes messages from, or {@code ""} for the configured servers
	 * @param topic the topic (for a source, the event type)
	 * @param events the events it takes; empty for all
	 */
	public record HandlerMethod(Object bean, Method method, String source, String topic, Set<String> events) {

		boolean overlaps(HandlerMethod other) {
			return this.events.isEmpty() || other.events.isEmpty()
					|| this.events.stream().anyMatch(other.events::contains);
		}

		String describeRoute() {
			return this.source.isEmpty() ? "\"" + this.topic + "\""
					: "source = \"" + this.source + "\", value = \"" + this.topic + "\"";
		}

		@Override
		public String toString() {
			return describe(this.method);
		}

	}

}
