package dev.webhooks.hooks;

import java.time.Instant;
import java.util.List;

import dev.webhooks.delivery.Target;
import dev.webhooks.hooks.match.MatchCondition;
import dev.webhooks.signing.WebhookSecret;
import org.jspecify.annotations.Nullable;

/**
 * A stored hook. Its {@link #secret()} shows only a masked prefix when printed.
 *
 * @param id the id; its deliveries have the target {@link Target#hook(String) hook(id)}
 * @param name the unique name
 * @param entityType the JPA entity name
 * @param events the events it fires on
 * @param url the target URL
 * @param httpMethod the HTTP method
 * @param headers the extra headers as given, one {@code Name: value} per line
 * @param contentType the payload's media type
 * @param template the payload template, for template payloads
 * @param serializer the serializer bean name, for serializer payloads
 * @param include the attributes sent in the default envelope, when not empty
 * @param exclude the attributes left out of the default envelope
 * @param match the match filter's conditions
 * @param enabled whether it fires
 * @param secret its signing secret
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param ordered whether each entity's changes reach the hook in order (see {@link HookDefinition#ordered()})
 */
public record Hook(String id, String name, String entityType, List<String> events, String url, String httpMethod,
		@Nullable String headers, String contentType, @Nullable String template, @Nullable String serializer,
		List<String> include, List<String> exclude, List<MatchCondition> match, boolean enabled,
		WebhookSecret secret, Instant createdAt, Instant updatedAt, boolean ordered) {

	public Hook {
		events = List.copyOf(events);
		include = List.copyOf(include);
		exclude = List.copyOf(exclude);
		match = List.copyOf(match);
	}

	/** A hook whose deliveries go out in no guaranteed order. */
	public Hook(String id, String name, String entityType, List<String> events, String url, String httpMethod,
			@Nullable String headers, String contentType, @Nullable String template, @Nullable String serializer,
			List<String> include, List<String> exclude, List<MatchCondition> match, boolean enabled,
			WebhookSecret secret, Instant createdAt, Instant updatedAt) {
		this(id, name, entityType, events, url, httpMethod, headers, contentType, template, serializer, include,
				exclude, match, enabled, secret, createdAt, updatedAt, false);
	}

	/** The target of this hook's deliveries, stored as {@code hook:<id>}. */
	public Target target() {
		return Target.hook(this.id);
	}

	/** How the payload is made. */
	public PayloadKind payloadKind() {
		return PayloadKind.of(this.template, this.serializer, this.include, this.exclude);
	}

	/** The definition of this hook, without its secret. */
	public HookDefinition definition() {
		return new HookDefinition(this.name, this.entityType, this.events, this.url, this.httpMethod, this.headers,
				this.contentType, this.template, this.serializer, this.include, this.exclude, this.match, this.enabled,
				null, this.ordered);
	}

	/** How a hook's payload is made. */
	public enum PayloadKind {

		/** A template rendered with the content type's escaping. */
		TEMPLATE,

		/** A named serializer bean. */
		SERIALIZER,

		/** The default envelope, limited by include and exclude lists. */
		FIELDS,

		/** The default envelope with every captured attribute. */
		DEFAULT;

		static PayloadKind of(@Nullable String template, @Nullable String serializer, List<String> include,
				List<String> exclude) {
			if (template != null) {
				return TEMPLATE;
			}
			if (serializer != null) {
				return SERIALIZER;
			}
			return (include.isEmpty() && exclude.isEmpty()) ? DEFAULT : FIELDS;
		}

	}

}
