package dev.webhooks.capture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
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

	/**
	 * The ordering key of an entity's deliveries: its name and id, e.g. {@code Customer:42}; a key longer than the
	 * outbox stores keeps its start and ends with a hash of the whole.
	 */
	public static String entityOrderingKey(String entityType, @Nullable String entityId) {
		String key = entityType + ":" + entityId;
		if (key.length() <= NewDelivery.MAX_ORDERING_KEY) {
			return key;
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			String suffix = "#" + HexFormat.of().formatHex(hash);
			return key.substring(0, NewDelivery.MAX_ORDERING_KEY - suffix.length()) + suffix;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/** An entity id as stored with its deliveries: a number or string as it is, a composite id as JSON. */
	public static @Nullable String idText(@Nullable JsonNode id) {
		if (id == null || id.isNull() || id.isMissingNode()) {
			return null;
		}
		return id.isValueNode() ? id.asString() : id.toString();
	}

}
