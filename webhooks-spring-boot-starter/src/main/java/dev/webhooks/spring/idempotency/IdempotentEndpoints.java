package dev.webhooks.spring.idempotency;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.webhooks.idempotency.IdempotencyKey;
import dev.webhooks.idempotency.IdempotencyKeyExempt;
import dev.webhooks.idempotency.IdempotencyKeyManual;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Finds which endpoint a request goes to, through the application's {@link HandlerMapping}s, and what its
 * idempotency annotations say. Annotations are found through inheritance (superclasses, interfaces, composed
 * annotations); one on the method wins over one on the class. Every mapped method is checked at start-up, so
 * contradictory annotations fail the application naming the method.
 */
public final class IdempotentEndpoints implements SmartInitializingSingleton {

	private final ApplicationContext context;

	private final Map<HandlerMethodKey, EndpointIdempotency> cache = new ConcurrentHashMap<>();

	private volatile @Nullable List<HandlerMapping> handlerMappings;

	public IdempotentEndpoints(ApplicationContext context) {
		this.context = context;
	}

	/** Validates every mapped handler method, failing start-up on contradictory annotations. */
	@Override
	public void afterSingletonsInstantiated() {
		mappedEndpoints();
	}

	/**
	 * What applies to each mapped handler method, by method ({@code com.example.Payments#create}).
	 * @throws IllegalStateException on contradictory annotations, naming the method
	 */
	public Map<String, EndpointIdempotency> mappedEndpoints() {
		Map<String, EndpointIdempotency> endpoints = new LinkedHashMap<>();
		for (HandlerMapping mapping : handlerMappings()) {
			if (mapping instanceof AbstractHandlerMethodMapping<?> methods) {
				for (HandlerMethod handlerMethod : methods.getHandlerMethods().values()) {
					endpoints.put(ClassUtils.getUserClass(handlerMethod.getBeanType()).getName() + "#"
							+ handlerMethod.getMethod().getName(), of(handlerMethod));
				}
			}
		}
		return endpoints;
	}

	/**
	 * What applies to the endpoint {@code request} goes to.
	 * @return {@code null} when no endpoint handles it (it will be a 404 or 405 anyway)
	 */
	public @Nullable EndpointIdempotency resolve(HttpServletRequest request) {
		Object handler = findHandler(request);
		if (handler == null || handler instanceof ResourceHttpRequestHandler) {
			return null;
		}
		return (handler instanceof HandlerMethod handlerMethod) ? of(handlerMethod) : EndpointIdempotency.UNMARKED;
	}

	/** What the annotations of {@code handlerMethod} say. */
	public EndpointIdempotency of(HandlerMethod handlerMethod) {
		Class<?> beanType = ClassUtils.getUserClass(handlerMethod.getBeanType());
		return this.cache.computeIfAbsent(new HandlerMethodKey(beanType, handlerMethod.getMethod()),
				(key) -> of(key.beanType(), key.method()));
	}

	static EndpointIdempotency of(Class<?> beanType, Method method) {
		Method specific = ClassUtils.getMostSpecificMethod(method, beanType);
		String description = beanType.getName() + "#" + method.getName();
		EndpointIdempotency onMethod = declaredOn(specific, "method " + description);
		if (onMethod != null) {
			return onMethod;
		}
		EndpointIdempotency onClass = declaredOn(beanType,
				"class " + beanType.getName() + " (applying to method " + description + ")");
		return (onClass != null) ? onClass : EndpointIdempotency.UNMARKED;
	}

	private static @Nullable EndpointIdempotency declaredOn(AnnotatedElement element, String description) {
		IdempotencyKey key = AnnotatedElementUtils.findMergedAnnotation(element, IdempotencyKey.class);
		boolean exempt = AnnotatedElementUtils.hasAnnotation(element, IdempotencyKeyExempt.class);
		boolean manual = AnnotatedElementUtils.hasAnnotation(element, IdempotencyKeyManual.class);
		List<String> found = new ArrayList<>();
		if (key != null) {
			found.add(name(IdempotencyKey.class));
		}
		if (exempt) {
			found.add(name(IdempotencyKeyExempt.class));
		}
		if (manual) {
			found.add(name(IdempotencyKeyManual.class));
		}
		if (found.size() > 1) {
			throw new IllegalStateException("Contradictory idempotency annotations on " + description + ": "
					+ String.join(" and ", found) + " (possibly inherited); keep only one");
		}
		if (key != null) {
			return new EndpointIdempotency(key.optional() ? EndpointIdempotency.Treatment.OPTIONAL
					: EndpointIdempotency.Treatment.REQUIRED, key.cacheName());
		}
		if (exempt) {
			return new EndpointIdempotency(EndpointIdempotency.Treatment.EXEMPT, "");
		}
		if (manual) {
			return new EndpointIdempotency(EndpointIdempotency.Treatment.MANUAL, "");
		}
		return null;
	}

	private static String name(Class<? extends Annotation> type) {
		return "@" + type.getSimpleName();
	}

	private @Nullable Object findHandler(HttpServletRequest request) {
		// a lookup sets request attributes (matched pattern, path variables) that must not leak into the real dispatch
		HttpServletRequest probe = new AttributeIsolatingRequest(request);
		ServletRequestPathUtils.parseAndCache(probe);
		for (HandlerMapping mapping : handlerMappings()) {
			try {
				HandlerExecutionChain chain = mapping.getHandler(probe);
				if (chain != null) {
					return chain.getHandler();
				}
			}
			catch (Exception ex) {
				// e.g. a method not supported here: the dispatcher answers that request itself
				return null;
			}
		}
		return null;
	}

	private List<HandlerMapping> handlerMappings() {
		List<HandlerMapping> mappings = this.handlerMappings;
		if (mappings == null) {
			mappings = new ArrayList<>(this.context.getBeansOfType(HandlerMapping.class).values());
			AnnotationAwareOrderComparator.sort(mappings);
			this.handlerMappings = mappings;
		}
		return mappings;
	}

	private record HandlerMethodKey(Class<?> beanType, Method method) {

	}

	/** Reads the real request's attributes but keeps its own writes to itself. */
	private static final class AttributeIsolatingRequest extends HttpServletRequestWrapper {

		private final Map<String, @Nullable Object> attributes = new HashMap<>();

		AttributeIsolatingRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			return this.attributes.containsKey(name) ? this.attributes.get(name) : super.getAttribute(name);
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			List<String> names = Collections.list(super.getAttributeNames());
			this.attributes.keySet().stream().filter((name) -> !names.contains(name)).forEach(names::add);
			return Collections.enumeration(names);
		}

		@Override
		public void setAttribute(String name, @Nullable Object value) {
			this.attributes.put(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			this.attributes.put(name, null);
		}

	}

}
