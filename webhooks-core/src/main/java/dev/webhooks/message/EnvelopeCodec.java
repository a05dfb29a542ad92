package dev.webhooks.message;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link WebhookEnvelope} as the JSON body the sender signs, and reads a received body back: the one place
 * that knows the envelope's field names.
 */
public final class EnvelopeCodec {

	private static final String TYPE = "type";

	private static final String TIMESTAMP = "timestamp";

	private static final String SOURCE = "source";

	private static final String TOPIC = "topic";

	private static final String HOOK = "hook";

	private static final String EVENT = "event";

	private static final String ENTITY_TYPE = "entityType";

	private static final String ENTITY_ID = "entityId";

	private static final String DATA = "data";

	private static final String ARGUMENTS = "arguments";

	private final JsonMapper jsonMapper;

	public EnvelopeCodec(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The envelope as JSON text; absent optional fields, and empty arguments, are left out.
	 * @throws JacksonException when a value of the data cannot be written
	 */
	public String write(WebhookEnvelope envelope) {
		ObjectNode root = this.jsonMapper.createObjectNode();
		root.put(TYPE, envelope.type());
		root.put(TIMESTAMP, envelope.timestamp().toString());
		if (envelope.source() != null) {
			root.put(SOURCE, envelope.source());
		}
		root.put(TOPIC, envelope.topic());
		if (envelope.hook() != null) {
			root.put(HOOK, envelope.hook());
		}
		root.put(EVENT, envelope.event());
		if (envelope.entityType() != null) {
			root.put(ENTITY_TYPE, envelope.entityType());
		}
		if (envelope.entityId() != null) {
			root.set(ENTITY_ID, envelope.entityId());
		}
		root.set(DATA, envelope.data());
		if (!envelope.arguments().isEmpty()) {
			root.set(ARGUMENTS, envelope.arguments());
		}
		return this.jsonMapper.writeValueAsString(root);
	}

	/**
	 * Reads a received body. {@code type} and {@code timestamp} are required; {@code topic} and {@code event}
	 * default to the type, as for a message from any Standard Webhooks sender.
	 * @throws InvalidEnvelopeException naming what is missing or malformed
	 */
	public WebhookEnvelope read(byte[] body) {
		JsonNode root;
		try {
			root = this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidEnvelopeException("The body is not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw new InvalidEnvelopeException("The body is not a JSON object");
		}
		String type = text(root, TYPE);
		Instant timestamp;
		try {
			timestamp = Instant.parse(text(root, TIMESTAMP));
		}
		catch (DateTimeParseException ex) {
			throw new InvalidEnvelopeException("'" + TIMESTAMP + "' is not an ISO-8601 instant");
		}
		String topic = root.hasNonNull(TOPIC) ? text(root, TOPIC) : type;
		String event = root.hasNonNull(EVENT) ? text(root, EVENT) : type;
		JsonNode data = root.has(DATA) ? root.get(DATA) : this.jsonMapper.nullNode();
		JsonNode arguments = (root.get(ARGUMENTS) instanceof ObjectNode object) ? object
				: this.jsonMapper.createObjectNode();
		return new WebhookEnvelope(type, timestamp, optionalText(root, SOURCE), topic, event,
				optionalText(root, ENTITY_TYPE), root.get(ENTITY_ID), data, optionalText(root, HOOK), arguments);
	}

	private static String text(JsonNode root, String field) {
		JsonNode node = root.get(field);
		if (node == null || !node.isString() || node.asString().isBlank()) {
			throw new InvalidEnvelopeException("The message has no '" + field + "' text field");
		}
		return node.asString();
	}

	private static @Nullable String optionalText(JsonNode root, String field) {
		return root.hasNonNull(field) ? root.get(field).asString() : null;
	}

	/** A received body that is not a webhook envelope. */
	public static final class InvalidEnvelopeException extends RuntimeException {

		InvalidEnvelopeException(String message) {
			super(message);
		}

	}

}
