package dev.webhooks.message;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A received webhook, as {@code @WebhookHandler} methods see it: the {@link WebhookEnvelope} read from the body,
 * with the id and the sender from the signed headers. A message from a third-party sender (an inbound source) has
 * its event type as type, topic and event, the {@code webhook-timestamp} as timestamp, and its whole body as data.
 * <pre>{@code
 * {"type":"tags.created","timestamp":"2026-11-21T15:00:00Z","source":"shop","topic":"tags",
 *  "event":"created","entityType":"Tag","entityId":42,"data":{"id":42,"name":"new"}}
 * }</pre>
 *
 * @param id the message id ({@code webhook-id})
 * @param type the event type, e.g. {@code tags.created} or {@code invoice.paid}
 * @param timestamp when the message was created
 * @param source the sending application's id ({@code webhook-source}), or for a third-party sender the name of its
 * inbound source ({@code webhooks.receiver.sources.<name>})
 * @param topic what the handler is registered for: the sender's {@code @HttpReceiver} name, or the topic of a
 * published message
 * @param event the event: {@code created}, {@code updated}, {@code deleted} or a custom name
 * @param entityType the entity's name for captured changes
 * @param entityId the entity's id for captured changes (a number, a string or an object for composite ids)
 * @param data the payload
 */
public record WebhookMessage(String id, String type, Instant timestamp, String source, String topic, String event,
		@Nullable String entityType, @Nullable JsonNode entityId, JsonNode data) {

	/** The message of a received envelope; the sender is the one the signature was checked for. */
	public static WebhookMessage of(String id, String source, WebhookEnvelope envelope) {
		return new WebhookMessage(id, envelope.type(), envelope.timestamp(), source, envelope.topic(),
				envelope.event(), envelope.entityType(), envelope.entityId(), envelope.data());
	}

}
