package dev.webhooks.publish;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A message to publish. Build one with {@link #of(String, Object)}:
 * <pre>{@code
 * publisher.publish(OutgoingMessage.of("invoice.paid", invoice).receiver("billing").servers("erp"));
 * }</pre>
 *
 * @param type the event type
 * @param receiver the handler name on the receiving side; by default the event type
 * @param event the event name; the event type for custom events
 * @param entityType the entity's name, for entity changes
 * @param entityId the entity's id, for entity changes
 * @param data the payload, serialized with the application's {@code JsonMapper}
 * @param servers the target servers; empty for every configured server except this application
 */
public record OutgoingMessage(String type, String receiver, String event, @Nullable String entityType,
		@Nullable Object entityId, @Nullable Object data, List<String> servers) {

	public OutgoingMessage {
		requireText(type, "type");
		requireText(receiver, "receiver");
		requireText(event, "event");
		servers = List.copyOf(servers);
	}

	public static OutgoingMessage of(String type, @Nullable Object data) {
		return new OutgoingMessage(type, type, type, null, null, data, List.of());
	}

	public OutgoingMessage receiver(String receiver) {
		return new OutgoingMessage(this.type, receiver, this.event, this.entityType, this.entityId, this.data,
				this.servers);
	}

	public OutgoingMessage servers(String... servers) {
		return new OutgoingMessage(this.type, this.receiver, this.event, this.entityType, this.entityId, this.data,
				List.of(servers));
	}

	private static void requireText(String value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

}
