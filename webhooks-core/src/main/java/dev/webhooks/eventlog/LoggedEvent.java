package dev.webhooks.eventlog;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One event of the log: what hooks match and render, kept as JSON text so that writing it costs one serialization.
 *
 * @param sequence the row's id, increasing in insertion order; {@code 0} for an event not written yet
 * @param occurredAt when it was captured or published, by the clock of the instance that did
 * @param type the event type, {@code <topic>.<event>}, e.g. {@code Customer.created}
 * @param topic the topic: the {@code @HttpReceiver} name, the entity name, or a custom event's topic
 * @param entityType the JPA entity name
 * @param event {@code created}, {@code updated}, {@code deleted} or a custom event name
 * @param entityId the entity's id as JSON, when known
 * @param instance the captured state (or a custom event's data) as JSON
 * @param arguments a custom event's arguments as a JSON object; {@code null} when it has none
 */
public record LoggedEvent(long sequence, Instant occurredAt, String type, String topic, String entityType,
		String event, @Nullable String entityId, String instance, @Nullable String arguments) {

}
