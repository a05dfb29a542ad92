package dev.webhooks.realtime;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One event pushed to live clients.
 *
 * @param name the event name, e.g. {@code invoice.created}
 * @param channels the channels it goes to, never empty
 * @param entityName the JPA entity name
 * @param entityId the entity's id as text
 * @param data the data as JSON text
 * @param excludedConnection the client connection (Pusher socket id or server-sent events connection id) that
 * does not receive it, or {@code null}
 */
public record RealtimeEvent(String name, List<String> channels, String entityName, String entityId, String data,
		@Nullable String excludedConnection) {

	public RealtimeEvent {
		channels = List.copyOf(channels);
		if (channels.isEmpty()) {
			throw new IllegalArgumentException("event " + name + " has no channel");
		}
	}

	/** Whether this event reaches the given connection. */
	public boolean reaches(String connectionId) {
		return !connectionId.equals(this.excludedConnection);
	}

}
