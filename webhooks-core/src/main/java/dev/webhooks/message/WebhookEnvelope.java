package dev.webhooks.message;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON body of every webhook this library sends, to peer servers and to runtime hooks alike, and reads back on
 * the receiving side with {@link EnvelopeCodec}: the Standard Webhooks fields ({@code type}, {@code timestamp},
 * {@code data}) plus the routing fields this library adds.
 * <pre>{@code
 * {"type":"tags.created","timestamp":"2026-11-21T15:00:00Z","source":"shop","topic":"tags",
 *  "event":"created","entityType":"Tag","entityId":42,"data":{"id":42,"name":"new"}}
 * }</pre>
 *
 * @param type the event type, {@code <topic>.<event>} for entity changes (e.g. {@code tags.created}), the published
 * type for custom events (e.g. {@code invoice.paid})
 * @param timestamp when the message was created
 * @param source the sending application's id ({@code webhooks.app-id}); {@code null} when a body read back has none
 * @param topic what a {@code @WebhookHandler} on the receiving side is registered for
 * @param event the event: {@code created}, {@code updated}, {@code deleted} or a custom name
 * @param entityType the entity's name, for entity changes and custom events about an entity
 * @param entityId the entity's id (a number, a string or an object for composite ids)
 * @param data the payload
 * @param hook the runtime hook's name, for hook deliveries
 * @param arguments a custom event's arguments as a JSON object, for hook deliveries; empty when there are none
 */
public record WebhookEnvelope(String type, Instant timestamp, @Nullable String source, String topic, String event,
		@Nullable String entityType, @Nullable JsonNode entityId, JsonNode data, @Nullable String hook,
		JsonNode arguments) {

	public WebhookEnvelope {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(timestamp, "timestamp");
		Objects.requireNonNull(topic, "topic");
		Objects.requireNonNull(event, "event");
		if (entityId != null && (entityId.isNull() || entityId.isMissingNode())) {
			entityId = null;
		}
		Objects.requireNonNull(data, "data");
		if (!arguments.isObject()) {
			throw new IllegalArgumentException("arguments must be a JSON object, not " + arguments.getNodeType());
		}
	}

	/** An envelope for a peer server: no hook, no arguments. */
	public static WebhookEnvelope of(String type, Instant timestamp, String source, String topic, String event,
			@Nullable String entityType, @Nullable JsonNode entityId, JsonNode data) {
		return new WebhookEnvelope(type, timestamp, source, topic, event, entityType, entityId, data, null,
				JsonNodeFactory.instance.objectNode());
	}

}
