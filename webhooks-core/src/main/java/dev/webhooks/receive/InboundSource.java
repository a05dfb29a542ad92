package dev.webhooks.receive;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.webhooks.signing.WebhookSecret;
import tools.jackson.databind.JsonNode;

/**
 * A third-party sender that follows the Standard Webhooks specification, reached at
 * {@code <receiver path>/<name>}. Its requests carry no {@code webhook-source} header and no envelope of ours: they
 * are verified by the specification alone (with these secrets) and routed by the event type found in the body.
 * <pre>{@code
 * new InboundSource("stripe-like", List.of(WebhookSecret.parse("whsec_...")), "type")
 * }</pre>
 *
 * @param name the name in the path: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit
 * @param secrets the secrets the sender may sign with; at least one
 * @param typeField where the event type is in the JSON body: a top-level field name (the specification's
 * {@code type}), or a JSON Pointer such as {@code /event/type} for a nested one
 */
public record InboundSource(String name, List<WebhookSecret> secrets, String typeField) {

	/** The field the Standard Webhooks specification recommends for the event type. */
	public static final String DEFAULT_TYPE_FIELD = "type";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	public InboundSource {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(typeField, "typeField");
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("source name '" + name
					+ "' must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
		if (secrets == null || secrets.isEmpty()) {
			throw new IllegalArgumentException("source '" + name + "' needs at least one secret");
		}
		secrets = List.copyOf(secrets);
		if (typeField.isBlank()) {
			throw new IllegalArgumentException("the type field of source '" + name + "' must not be empty");
		}
	}

	/** The event type in a body, or {@code null} when it has none that is a string. */
	String typeIn(JsonNode body) {
		JsonNode type = this.typeField.startsWith("/") ? body.at(this.typeField) : body.get(this.typeField);
		return (type != null && type.isString() && !type.asString().isBlank()) ? type.asString() : null;
	}

	/** How the type is found, for messages: {@code the field 'type'} or {@code the JSON Pointer /event/type}. */
	String describeTypeField() {
		return this.typeField.startsWith("/") ? "the JSON Pointer " + this.typeField : "a field '" + this.typeField + "'";
	}

	@Override
	public String toString() {
		// the secrets' own toString hides them; the count is enough
		return "InboundSource[name=" + this.name + ", secrets=" + this.secrets.size() + ", typeField=" + this.typeField
				+ "]";
	}

}
