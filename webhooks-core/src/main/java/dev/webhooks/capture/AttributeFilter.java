package dev.webhooks.capture;

import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which attributes of an entity are sent: the {@code include} and {@code exclude} lists of {@link HttpReceiver},
 * {@code @RealtimeChannels} and runtime hooks, applied by one rule. Names are top-level attributes; a nested object
 * is kept or left out whole.
 *
 * @param include the only attributes sent, when not empty
 * @param exclude the attributes never sent
 */
public record AttributeFilter(Set<String> include, Set<String> exclude) {

	/** Sends every attribute. */
	public static final AttributeFilter ALL = new AttributeFilter(Set.of(), Set.of());

	public AttributeFilter {
		include = Set.copyOf(include);
		exclude = Set.copyOf(exclude);
	}

	public static AttributeFilter of(String[] include, String[] exclude) {
		return (include.length == 0 && exclude.length == 0) ? ALL
				: new AttributeFilter(Set.of(include), Set.of(exclude));
	}

	/** Whether an attribute is sent. */
	public boolean includes(String attribute) {
		return !this.exclude.contains(attribute) && (this.include.isEmpty() || this.include.contains(attribute));
	}

	/** Whether every attribute is sent, so a snapshot can be used as it is. */
	public boolean isAll() {
		return this.include.isEmpty() && this.exclude.isEmpty();
	}

	/**
	 * The fields of a JSON object that are sent; anything else (an array, a value) as it is.
	 * @return {@code data} itself when every field is sent
	 */
	public JsonNode apply(JsonNode data) {
		if (isAll() || !(data instanceof ObjectNode object)) {
			return data;
		}
		ObjectNode selected = object.objectNode();
		for (Map.Entry<String, JsonNode> field : object.properties()) {
			if (includes(field.getKey())) {
				selected.set(field.getKey(), field.getValue());
			}
		}
		return selected;
	}

}
