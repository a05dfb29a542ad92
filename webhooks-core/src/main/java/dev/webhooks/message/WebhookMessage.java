package dev.webhooks.message;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A webhook as it travels: the Standard Webhooks envelope ({@code type}, {@code timestamp}, {@code data}) plus the
 * routing fields this library adds. The id travels in the {@code webhook-id} header, not in the body.
 * <pre>{@code
 * {"type":"tags.created","timestamp":"2026-11-21T15:00:00Z","source":"shop","receiver":"tags",
 *  "event":"created","entityType":"Tag","entityId":42,"data":{"id":42,"name":"new"}}
 * }</pre>
 *
 * @param id the message id ({@code webhook-id})
 * @param type the full event type, e.g. {@code tags.created} or {@code invoice.paid}
 * @param timestamp when the message was created
 * @param source the sending application's id ({@code webhooks.app-id})
 * @param receiver the handler name on the receiving side
 * @param event the event: {@code created}, {@code updated}, {@code deleted} or a custom name
 * @param entityType the entity's name for captured changes
 * @param entityId the entity's id for captured changes (a number, a string or an object for composite ids)
 * @param data the payload
 */
public record WebhookMessage(String id, String type, Instant timestamp, String source, String receiver,
		String event, @Nullable String entityType, @Nullable JsonNode entityId, JsonNode data) {

}
