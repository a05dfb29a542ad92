package dev.webhooks.publish;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.NewDelivery;

/**
 * A message to publish. Build one with {@link #of(String, Object)}:
 * <pre>{@code
 * publisher.publish(OutgoingMessage.of("invoice.paid", invoice).topic("billing").servers("erp"));
 * }</pre>
 * A custom event also reaches the runtime hooks of its entity type that list the event name: name the entity with
 * {@link #entity(String, Object)}; hooks see {@code data} as the instance and {@link #arguments(Map)} as template
 * variables:
 * <pre>{@code
 * publisher.publish(OutgoingMessage.of("invoice.paid", Map.of("number", "2026-17", "total", 120))
 *     .entity("Invoice", invoice.getId())
 *     .arguments(Map.of("paidBy", "card")));
 * }</pre>
 *
 * @param type the event type
 * @param topic what a {@code @WebhookHandler} on the receiving side is registered for; by default the event type
 * @param event the event name; the event type for custom events
 * @param entityType the entity's name, for entity changes
 * @param entityId the entity's id, for entity changes
 * @param data the payload, serialized with the application's {@code JsonMapper}
 * @param servers the target servers; empty for every configured server except this application
 * @param arguments the event's arguments, for runtime hooks' templates; not part of the message sent to servers
 * @param orderingKey the lane of the message: it reaches each server only after the earlier unfinished messages with
 * the same key to that server; {@code null} to send it in no guaranteed order
 */
public record OutgoingMessage(String type, String topic, String event, @Nullable String entityType,
		@Nullable Object entityId, @Nullable Object data, List<String> servers, Map<String, ?> arguments,
		@Nullable String orderingKey) {

	public OutgoingMessage {
		requireText(type, "type");
		requireText(topic, "topic");
		requireText(event, "event");
		servers = List.copyOf(servers);
		arguments = Map.copyOf(arguments);
		if (orderingKey != null && (orderingKey.isEmpty() || orderingKey.length() > NewDelivery.MAX_ORDERING_KEY)) {
			throw new IllegalArgumentException("orderingKey must have 1 to " + NewDelivery.MAX_ORDERING_KEY
					+ " characters, got " + orderingKey.length());
		}
	}

	public OutgoingMessage(String type, String topic, String event, @Nullable String entityType,
			@Nullable Object entityId, @Nullable Object data, List<String> servers, Map<String, ?> arguments) {
		this(type, topic, event, entityType, entityId, data, servers, arguments, null);
	}

	public OutgoingMessage(String type, String topic, String event, @Nullable String entityType,
			@Nullable Object entityId, @Nullable Object data, List<String> servers) {
		this(type, topic, event, entityType, entityId, data, servers, Map.of());
	}

	public static OutgoingMessage of(String type, @Nullable Object data) {
		return new OutgoingMessage(type, type, type, null, null, data, List.of());
	}

	/** The topic the receiving side's {@code @WebhookHandler} is registered for, when not the event type. */
	public OutgoingMessage topic(String topic) {
		return new OutgoingMessage(this.type, topic, this.event, this.entityType, this.entityId, this.data,
				this.servers, this.arguments, this.orderingKey);
	}

	public OutgoingMessage servers(String... servers) {
		return new OutgoingMessage(this.type, this.topic, this.event, this.entityType, this.entityId, this.data,
				List.of(servers), this.arguments, this.orderingKey);
	}

	/**
	 * The entity the event is about: its JPA entity name, which selects the runtime hooks it may reach, and its id.
	 */
	public OutgoingMessage entity(String entityType, @Nullable Object entityId) {
		return new OutgoingMessage(this.type, this.topic, this.event, entityType, entityId, this.data,
				this.servers, this.arguments, this.orderingKey);
	}

	/** The event's arguments, which hook templates use as {@code {{name}}}; values must not be null. */
	public OutgoingMessage arguments(Map<String, ?> arguments) {
		return new OutgoingMessage(this.type, this.topic, this.event, this.entityType, this.entityId, this.data,
				this.servers, arguments, this.orderingKey);
	}

	/**
	 * Sends this message to each server only after the earlier unfinished messages with the same key, e.g.
	 * {@code "invoice:" + invoice.getNumber()}: messages of one key arrive in the order they were published.
	 */
	public OutgoingMessage orderingKey(String orderingKey) {
		return new OutgoingMessage(this.type, this.topic, this.event, this.entityType, this.entityId, this.data,
				this.servers, this.arguments, Objects.requireNonNull(orderingKey, "orderingKey"));
	}

	private static void requireText(String value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

}
