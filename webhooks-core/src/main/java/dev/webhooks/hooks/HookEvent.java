package dev.webhooks.hooks;

import dev.webhooks.capture.ChangeType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Something hooks may fire on: a captured entity change, or a custom event published about an entity.
 *
 * @param type the event type, the same as peer servers get: {@code <topic>.<event>} for entity changes (e.g.
 * {@code Customer.created}, or {@code customers.created} for an {@code @HttpReceiver("customers")} entity), the
 * published type for custom events
 * @param topic the topic: the {@code @HttpReceiver} name, the entity name, or a custom event's topic
 * @param entityType the JPA entity name
 * @param event {@code created}, {@code updated}, {@code deleted} or a custom event name, what hooks list
 * @param entityId the entity's id, when known
 * @param entity the entity itself, or the published data, for serializers
 * @param instance the captured state as JSON, what templates ({@code {{instance.x}}}) and match filters see
 * @param arguments the custom event's arguments as a JSON object, what templates see as {@code {{name}}}
 */
public record HookEvent(String type, String topic, String entityType, String event, @Nullable Object entityId,
		@Nullable Object entity, JsonNode instance, JsonNode arguments) {

	public HookEvent {
		if (arguments == null || !arguments.isObject()) {
			arguments = JsonNodeFactory.instance.objectNode();
		}
		if (instance == null || instance.isMissingNode()) {
			instance = JsonNodeFactory.instance.nullNode();
		}
	}

	/**
	 * An event of an entity type as hooks see it without a capture: its topic is the entity name, so a change is
	 * {@code <entity>.<event>} and a custom event keeps its name as its type. For test sends, previews and tests.
	 */
	public static HookEvent of(String entityType, String event, @Nullable Object entityId, @Nullable Object entity,
			JsonNode instance, @Nullable JsonNode arguments) {
		String type = isChange(event) ? entityType + "." + event : event;
		return new HookEvent(type, isChange(event) ? entityType : event, entityType, event, entityId, entity,
				instance, (arguments != null) ? arguments : JsonNodeFactory.instance.objectNode());
	}

	private static boolean isChange(String event) {
		for (ChangeType change : ChangeType.values()) {
			if (change.event().equals(event)) {
				return true;
			}
		}
		return false;
	}

}
