package dev.webhooks.kafka;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;

/**
 * The record a claimed delivery travels in: its key keeps one entity's changes to one target in one partition, and
 * its value is the delivery as claimed (JSON), lease included, so that a worker needs no read to send it.
 */
public final class DeliveryRecords {

	/** The value's format; a worker refuses a record of another version rather than guess. */
	static final int VERSION = 1;

	private final JsonMapper jsonMapper;

	public DeliveryRecords(JsonMapper jsonMapper) {
		this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
	}

	/**
	 * The partition key: the target and the delivery's lane (its ordering key, else its entity, else its own id), so
	 * that the same key always lands in the same partition whichever relay publishes it.
	 */
	public static String key(Delivery delivery) {
		String lane;
		if (delivery.orderingKey() != null) {
			lane = delivery.orderingKey();
		}
		else if (delivery.entityType() != null && delivery.entityId() != null) {
			lane = delivery.entityType() + ":" + delivery.entityId();
		}
		else {
			lane = delivery.id();
		}
		return delivery.target().value() + "|" + lane;
	}

	public byte[] write(Delivery delivery) {
		ObjectNode node = this.jsonMapper.createObjectNode();
		node.put("v", VERSION);
		node.put("id", delivery.id());
		node.put("target", delivery.target().value());
		node.put("url", delivery.url());
		node.put("method", delivery.httpMethod());
		node.set("headers", this.jsonMapper.valueToTree(delivery.headers()));
		node.put("eventType", delivery.eventType());
		node.put("entityType", delivery.entityType());
		node.put("entityId", delivery.entityId());
		node.put("payload", delivery.payload());
		node.put("attemptCount", delivery.attemptCount());
		node.put("nextAttemptAt", delivery.nextAttemptAt().toString());
		node.put("leaseOwner", delivery.leaseOwner());
		node.put("leaseExpiresAt", (delivery.leaseExpiresAt() != null) ? delivery.leaseExpiresAt().toString() : null);
		node.put("createdAt", delivery.createdAt().toString());
		node.set("traceContext", this.jsonMapper.valueToTree(delivery.traceContext()));
		node.put("orderingKey", delivery.orderingKey());
		return this.jsonMapper.writeValueAsBytes(node);
	}

	/**
	 * Reads a record's value back as the claimed delivery.
	 * @throws IllegalArgumentException when the value is not a delivery record of this version
	 */
	public Delivery read(byte[] value) {
		JsonNode node;
		try {
			node = this.jsonMapper.readTree(value);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("not a delivery record: " + ex.getMessage(), ex);
		}
		int version = node.path("v").asInt(-1);
		if (version != VERSION) {
			throw new IllegalArgumentException("delivery record version " + version + " is not " + VERSION);
		}
		Instant createdAt = instant(node, "createdAt");
		return new Delivery(text(node, "id"), Target.parse(text(node, "target")), text(node, "url"),
				text(node, "method"), map(node.path("headers")), text(node, "eventType"),
				optionalText(node, "entityType"), optionalText(node, "entityId"), text(node, "payload"),
				DeliveryStatus.IN_FLIGHT, node.path("attemptCount").asInt(), instant(node, "nextAttemptAt"),
				optionalText(node, "leaseOwner"), optionalInstant(node, "leaseExpiresAt"), null, null, createdAt,
				createdAt, null, map(node.path("traceContext")), optionalText(node, "orderingKey"));
	}

	private static String text(JsonNode node, String field) {
		String value = optionalText(node, field);
		if (value == null) {
			throw new IllegalArgumentException("delivery record without '" + field + "'");
		}
		return value;
	}

	private static @Nullable String optionalText(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	private static Instant instant(JsonNode node, String field) {
		return Instant.parse(text(node, field));
	}

	private static @Nullable Instant optionalInstant(JsonNode node, String field) {
		String value = optionalText(node, field);
		return (value != null) ? Instant.parse(value) : null;
	}

	private static Map<String, String> map(JsonNode node) {
		Map<String, String> map = new LinkedHashMap<>();
		node.properties().forEach((entry) -> map.put(entry.getKey(), entry.getValue().asString()));
		return map;
	}

}
