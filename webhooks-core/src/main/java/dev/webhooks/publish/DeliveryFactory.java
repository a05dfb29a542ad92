package dev.webhooks.publish;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.message.MessageIds;
import dev.webhooks.publish.PeerServers.Peer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a message once, in the envelope described by {@link dev.webhooks.message.WebhookMessage}, and makes one
 * delivery of it per target server.
 */
public final class DeliveryFactory {

	private final JsonMapper jsonMapper;

	private final String source;

	public DeliveryFactory(JsonMapper jsonMapper, String source) {
		this.jsonMapper = jsonMapper;
		this.source = source;
	}

	/**
	 * Renders the message's data now, so later changes to the objects it came from do not change what is sent.
	 * @throws PayloadSerializationException when the data cannot be written as JSON
	 */
	public JsonNode snapshot(Object data) {
		try {
			return this.jsonMapper.valueToTree(data);
		}
		catch (JacksonException ex) {
			throw new PayloadSerializationException(
					"Could not serialize " + data.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	public List<NewDelivery> create(OutgoingMessage message, List<Peer> targets, Instant now) {
		if (targets.isEmpty()) {
			return List.of();
		}
		ObjectNode envelope = this.jsonMapper.createObjectNode();
		envelope.put("type", message.type());
		envelope.put("timestamp", now.toString());
		envelope.put("source", this.source);
		envelope.put("receiver", message.receiver());
		envelope.put("event", message.event());
		if (message.entityType() != null) {
			envelope.put("entityType", message.entityType());
		}
		JsonNode entityId = (message.entityId() != null) ? asTree(message.entityId()) : null;
		if (entityId != null) {
			envelope.set("entityId", entityId);
		}
		envelope.set("data", asTree(message.data()));
		String payload;
		try {
			payload = this.jsonMapper.writeValueAsString(envelope);
		}
		catch (JacksonException ex) {
			throw new PayloadSerializationException("Could not write the '" + message.type() + "' message as JSON: "
					+ ex.getOriginalMessage(), ex);
		}
		String entityIdText = (entityId == null) ? null : (entityId.isValueNode() ? entityId.asString() : entityId.toString());
		List<NewDelivery> deliveries = new ArrayList<>(targets.size());
		for (Peer target : targets) {
			deliveries.add(new NewDelivery(MessageIds.next(now), target.id(), target.url(), "POST", Map.of(),
					message.type(), message.entityType(), entityIdText, payload, now));
		}
		return deliveries;
	}

	/**
	 * Deliveries of a message whose payload could not be written: stored {@code FAILED} with the reason and an
	 * empty payload, so the loss is visible to operators instead of silent.
	 */
	public List<NewDelivery> failed(String type, @Nullable String entityType, @Nullable Object entityId,
			List<Peer> targets, Instant now, String reason) {
		String entityIdText = null;
		if (entityId != null) {
			try {
				JsonNode id = asTree(entityId);
				entityIdText = id.isValueNode() ? id.asString() : id.toString();
			}
			catch (PayloadSerializationException ex) {
				entityIdText = String.valueOf(entityId);
			}
		}
		List<NewDelivery> deliveries = new ArrayList<>(targets.size());
		for (Peer target : targets) {
			deliveries.add(new NewDelivery(MessageIds.next(now), target.id(), target.url(), "POST", Map.of(), type,
					entityType, entityIdText, "", now, reason));
		}
		return deliveries;
	}

	private JsonNode asTree(Object value) {
		return (value instanceof JsonNode node) ? node : snapshot(value);
	}

	/** The payload could not be written as JSON; the transaction that produced it fails rather than lose it. */
	public static final class PayloadSerializationException extends IllegalStateException {

		PayloadSerializationException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
