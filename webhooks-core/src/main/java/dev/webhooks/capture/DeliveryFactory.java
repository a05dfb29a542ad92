package dev.webhooks.capture;

import java.time.Instant;
import java.util.Map;

import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.message.MessageIds;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Makes the outbox rows of captured changes and published messages, for peer servers and runtime hooks alike: the
 * one place that gives a delivery its id and its target.
 */
public final class DeliveryFactory {

	private DeliveryFactory() {
	}

	/**
	 * A delivery of a rendered payload.
	 * @param target the target: a configured server or a runtime hook
	 * @param eventType the event type, e.g. {@code customers.created}
	 * @param entityId the entity's id as {@link #idText(JsonNode) text}
	 * @param failure why the payload could not be rendered, which stores the delivery as {@code FAILED} with an empty
	 * payload; {@code null} for a delivery to send
	 */
	public static NewDelivery create(Target target, String url, String httpMethod, Map<String, String> headers,
			String eventType, @Nullable String entityType, @Nullable String entityId, String payload, Instant now,
			@Nullable String failure) {
		return new NewDelivery(MessageIds.next(now), target, url, httpMethod, headers, eventType, entityType, entityId,
				payload, now, failure);
	}

	/** An entity id as stored with its deliveries: a number or string as it is, a composite id as JSON. */
	public static @Nullable String idText(@Nullable JsonNode id) {
		if (id == null || id.isNull() || id.isMissingNode()) {
			return null;
		}
		return id.isValueNode() ? id.asString() : id.toString();
	}

}
