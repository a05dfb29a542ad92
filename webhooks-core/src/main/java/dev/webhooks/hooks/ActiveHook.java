package dev.webhooks.hooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.webhooks.capture.AttributeFilter;
import dev.webhooks.hooks.match.MatchFilter;
import dev.webhooks.hooks.payload.ContentSyntax;
import dev.webhooks.hooks.payload.FieldPaths;
import dev.webhooks.hooks.payload.HookPayloadContext;
import dev.webhooks.hooks.payload.HookPayloadException;
import dev.webhooks.hooks.payload.HookPayloadSerializer;
import dev.webhooks.hooks.payload.HookPayloadSerializers;
import dev.webhooks.hooks.payload.PayloadTemplate;
import dev.webhooks.message.EnvelopeCodec;
import dev.webhooks.message.WebhookEnvelope;
import dev.webhooks.signing.SigningKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A hook compiled for the hot path: parsed headers, compiled filter and template.
 */
final class ActiveHook {

	private final Hook hook;

	private final Set<String> events;

	private final Map<String, String> headers;

	private final MatchFilter filter;

	private final @Nullable PayloadTemplate template;

	private final AttributeFilter attributes;

	private ActiveHook(Hook hook, Map<String, String> headers, MatchFilter filter,
			@Nullable PayloadTemplate template) {
		this.hook = hook;
		this.events = Set.copyOf(hook.events());
		this.headers = headers;
		this.filter = filter;
		this.template = template;
		this.attributes = new AttributeFilter(Set.copyOf(hook.include()), Set.copyOf(hook.exclude()));
	}

	/**
	 * Compiles a stored hook.
	 * @throws InvalidHookException when its headers, filter or template do not parse
	 */
	static ActiveHook compile(Hook hook) {
		List<InvalidHookException.FieldError> errors = new ArrayList<>();
		Map<String, String> headers = new LinkedHashMap<>(HookHeaders.parse(hook.headers(), errors));
		headers.put("Content-Type", hook.contentType());
		MatchFilter filter = MatchFilter.everything();
		try {
			filter = MatchFilter.compile(hook.match());
		}
		catch (MatchFilter.InvalidConditionException ex) {
			errors.add(new InvalidHookException.FieldError(ex.fieldName(), ex.getMessage()));
		}
		PayloadTemplate template = null;
		if (hook.template() != null) {
			try {
				template = PayloadTemplate.parse(hook.template(), ContentSyntax.of(hook.contentType()));
			}
			catch (IllegalArgumentException ex) {
				errors.add(new InvalidHookException.FieldError("template", ex.getMessage()));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidHookException(errors);
		}
		return new ActiveHook(hook, Map.copyOf(headers), filter, template);
	}

	Hook hook() {
		return this.hook;
	}

	@Nullable PayloadTemplate template() {
		return this.template;
	}

	/** What signs its requests now; previous keys stop signing when they expire, without a reload. */
	List<SigningKey> signingKeysAt(Instant now) {
		return this.hook.signingKeysAt(now);
	}

	/** The headers to send, the content type included. */
	Map<String, String> headers() {
		return this.headers;
	}

	boolean firesOn(HookEvent event) {
		return this.hook.enabled() && this.events.contains(event.event()) && this.filter.matches(event.instance());
	}

	/**
	 * Renders the payload of an event.
	 * @throws HookPayloadException when a serializer is missing or fails
	 */
	String render(HookEvent event, Instant now, String source, HookPayloadSerializers serializers,
			EnvelopeCodec codec, JsonMapper jsonMapper) {
		PayloadTemplate template = this.template;
		if (template != null) {
			return template.render((expression) -> value(expression, event, jsonMapper));
		}
		String serializerName = this.hook.serializer();
		if (serializerName != null) {
			return serialize(serializerName, event, serializers);
		}
		return envelope(event, now, source, codec, jsonMapper);
	}

	private JsonNode value(String expression, HookEvent event, JsonMapper jsonMapper) {
		return switch (expression) {
			case "event_type" -> JsonNodeFactory.instance.stringNode(event.type());
			case "event" -> JsonNodeFactory.instance.stringNode(event.event());
			case "entity_type" -> JsonNodeFactory.instance.stringNode(event.entityType());
			case "entity_id" -> (event.entityId() != null) ? jsonMapper.valueToTree(event.entityId())
					: JsonNodeFactory.instance.missingNode();
			case "hook_name" -> JsonNodeFactory.instance.stringNode(this.hook.name());
			case "instance" -> event.instance();
			default -> expression.startsWith("instance.")
					? FieldPaths.resolve(event.instance(), expression.substring("instance.".length()))
					: FieldPaths.resolve(event.arguments(), expression);
		};
	}

	private String serialize(String name, HookEvent event, HookPayloadSerializers serializers) {
		HookPayloadSerializer serializer = serializers.find(name);
		if (serializer == null) {
			throw new HookPayloadException("hook '" + this.hook.name() + "' names the serializer '" + name
					+ "', but no HookPayloadSerializer has that name");
		}
		String payload;
		try {
			payload = serializer.serialize(new HookPayloadContext(this.hook.name(), event.event(), event.entityType(),
					event.entityId(), event.entity(), event.instance(), event.arguments(), this.hook.contentType()));
		}
		catch (RuntimeException ex) {
			throw new HookPayloadException("serializer '" + name + "' of hook '" + this.hook.name() + "' failed: "
					+ ex.getMessage(), ex);
		}
		if (payload == null) {
			throw new HookPayloadException(
					"serializer '" + name + "' of hook '" + this.hook.name() + "' returned null");
		}
		return payload;
	}

	// the envelope peer servers get, named after the hook, with its own attributes and the event's arguments
	private String envelope(HookEvent event, Instant now, String source, EnvelopeCodec codec, JsonMapper jsonMapper) {
		JsonNode entityId = (event.entityId() != null) ? jsonMapper.valueToTree(event.entityId()) : null;
		WebhookEnvelope envelope = new WebhookEnvelope(event.type(), now, source, event.topic(), event.event(),
				event.entityType(), entityId, this.attributes.apply(event.instance()), this.hook.name(),
				event.arguments());
		try {
			return codec.write(envelope);
		}
		catch (JacksonException ex) {
			throw new HookPayloadException("could not write the payload of hook '" + this.hook.name() + "': "
					+ ex.getOriginalMessage(), ex);
		}
	}

}
