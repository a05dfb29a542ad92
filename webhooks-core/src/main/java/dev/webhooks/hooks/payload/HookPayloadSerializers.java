package dev.webhooks.hooks.payload;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Finds {@link HookPayloadSerializer}s by the name hooks refer to them with; in Spring, the bean name.
 */
@FunctionalInterface
public interface HookPayloadSerializers {

	/** No serializers: hooks naming one are refused. */
	HookPayloadSerializers NONE = (name) -> null;

	@Nullable HookPayloadSerializer find(String name);

	/** Serializers from a fixed map of name to serializer. */
	static HookPayloadSerializers of(Map<String, HookPayloadSerializer> byName) {
		Map<String, HookPayloadSerializer> copy = Map.copyOf(byName);
		return copy::get;
	}

}
