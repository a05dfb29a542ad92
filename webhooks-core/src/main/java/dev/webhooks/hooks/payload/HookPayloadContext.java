package dev.webhooks.hooks.payload;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link HookPayloadSerializer} renders a payload from.
 *
 * @param hookName the hook's name
 * @param event the event: {@code created}, {@code updated}, {@code deleted} or a custom event name
 * @param entityType the JPA entity name
 * @param entityId the entity's id, when known
 * @param entity the entity object itself for captured changes, the published data for custom events
 * @param instance the captured state as JSON: attributes by name, to-one associations as their ids
 * @param arguments the custom event's arguments as a JSON object; empty for entity changes
 * @param contentType the hook's content type
 */
public record HookPayloadContext(String hookName, String event, String entityType, @Nullable Object entityId,
		@Nullable Object entity, JsonNode instance, JsonNode arguments, String contentType) {

}
