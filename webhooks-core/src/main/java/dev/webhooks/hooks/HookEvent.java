package dev.webhooks.hooks;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Something hooks may fire on: a captured entity change, or a custom event published about an entity.
 *
 * @param entityType the JPA entity name
 * @param event {@code created}, {@code updated}, {@code deleted} or a custom event name
 * @param entityId the entity's id, when known
 * @param entity the entity itself, or the published data, for serializers
 * @param instance the captured state as JSON, what templates ({@code {{instance.x}}}) and match filters see
 * @param arguments the custom event's arguments as a JSON object, what templates see as {@code {{name}}}
 */
public record HookEvent(String entityType, String event, @Nullable Object entityId, @Nullable Object entity,
		JsonNode instance, JsonNode arguments) {

	public HookEvent {
		if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
			arguments = JsonNodeFactory.instance.objectNode();
		}
		if (instance == null || instance.isMissingNode()) {
			instance = JsonNodeFactory.instance.nullNode();
		}
	}

}
