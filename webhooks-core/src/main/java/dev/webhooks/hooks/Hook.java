package dev.webhooks.hooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.webhooks.delivery.Target;
import dev.webhooks.hooks.match.MatchCondition;
import dev.webhooks.signing.Ed25519PublicKey;
import dev.webhooks.signing.Ed25519SigningKey;
import dev.webhooks.signing.SigningKey;
import dev.webhooks.signing.WebhookSecret;
import org.jspecify.annotations.Nullable;

/**
 * A stored hook. Its {@link #secret()}, {@link #signingKey()} and {@link #previousKeys()} show only a masked prefix
 * when printed.
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
 * @param signatures the signature versions it sends: {@code v1}, {@code v1a} or both
 * @param signingKey its ed25519 key for {@code v1a} signatures, or {@code null} before one is generated
 * @param previousKeys secrets and signing keys replaced by a rotation, signing beside the current ones until they
 * expire
 * @param ordered whether each entity's changes reach the hook in order (see {@link HookDefinition#ordered()})
 * @param maxConcurrency the most of its requests in flight at once from one dispatcher, or {@code null} for the
 * dispatcher's default ({@code webhooks.dispatch.target-max-concurrency})
 * @param rateLimit the most requests started per second, or {@code null} for the dispatcher's default
 * @param burst the requests that may start at once after a quiet spell when rate limited, or {@code null} for the
 * dispatcher's default
 */
public record Hook(String id, String name, String entityType, List<String> events, String url, String httpMethod,
		@Nullable String headers, String contentType, @Nullable String template, @Nullable String serializer,
		List<String> include, List<String> exclude, List<MatchCondition> match, boolean enabled,
		WebhookSecret secret, Instant createdAt, Instant updatedAt, List<String> signatures,
		@Nullable Ed25519SigningKey signingKey, List<PreviousKey> previousKeys,
		boolean ordered, @Nullable Integer maxConcurrency, @Nullable Double rateLimit, @Nullable Integer burst) {

	/** The signature versions a hook can send. */
	public static final List<String> SIGNATURE_VERSIONS = List.of("v1", "v1a");

	/** The signature versions of a hook that does not choose. */
	public static final List<String> DEFAULT_SIGNATURES = List.of("v1");

	public Hook {
		events = List.copyOf(events);
		include = List.copyOf(include);
		exclude = List.copyOf(exclude);
		match = List.copyOf(match);
		signatures = signatures.isEmpty() ? DEFAULT_SIGNATURES : List.copyOf(signatures);
		previousKeys = List.copyOf(previousKeys);
		if (signatures.contains("v1a") && signingKey == null) {
			throw new IllegalArgumentException("hook '" + name + "' sends v1a signatures but has no signing key");
		}
	}

	/** A hook with the dispatcher's default limits. */
	public Hook(String id, String name, String entityType, List<String> events, String url, String httpMethod,
			@Nullable String headers, String contentType, @Nullable String template, @Nullable String serializer,
			List<String> include, List<String> exclude, List<MatchCondition> match, boolean enabled,
			WebhookSecret secret, Instant createdAt, Instant updatedAt, List<String> signatures,
			@Nullable Ed25519SigningKey signingKey, List<PreviousKey> previousKeys, boolean ordered) {
		this(id, name, entityType, events, url, httpMethod, headers, contentType, template, serializer, include,
				exclude, match, enabled, secret, createdAt, updatedAt, signatures, signingKey, previousKeys, ordered,
				null, null, null);
	}

	/** A hook that signs with its secret alone. */
	public Hook(String id, String name, String entityType, List<String> events, String url, String httpMethod,
			@Nullable String headers, String contentType, @Nullable String template, @Nullable String serializer,
			List<String> include, List<String> exclude, List<MatchCondition> match, boolean enabled,
			WebhookSecret secret, Instant createdAt, Instant updatedAt) {
		this(id, name, entityType, events, url, httpMethod, headers, contentType, template, serializer, include,
				exclude, match, enabled, secret, createdAt, updatedAt, DEFAULT_SIGNATURES, null, List.of(), false);
	}

	/** A hook with its signing keys, whose deliveries go out in no guaranteed order. */
	public Hook(String id, String name, String entityType, List<String> events, String url, String httpMethod,
			@Nullable String headers, String contentType, @Nullable String template, @Nullable String serializer,
			List<String> include, List<String> exclude, List<MatchCondition> match, boolean enabled,
			WebhookSecret secret, Instant createdAt, Instant updatedAt, List<String> signatures,
			@Nullable Ed25519SigningKey signingKey, List<PreviousKey> previousKeys) {
		this(id, name, entityType, events, url, httpMethod, headers, contentType, template, serializer, include,
				exclude, match, enabled, secret, createdAt, updatedAt, signatures, signingKey, previousKeys, false);
	}

	/** The public key that verifies its {@code v1a} signatures, or {@code null} before it has a signing key. */
	public @Nullable Ed25519PublicKey publicKey() {
		return (this.signingKey != null) ? this.signingKey.publicKey() : null;
	}

	/**
	 * What signs its requests at the given time: the secret when it sends {@code v1}, the signing key when it sends
	 * {@code v1a}, and every previous key that has not expired.
	 */
	public List<SigningKey> signingKeysAt(Instant now) {
		List<SigningKey> keys = new ArrayList<>(2 + this.previousKeys.size());
		if (this.signatures.contains("v1")) {
			keys.add(this.secret);
		}
		if (this.signatures.contains("v1a") && this.signingKey != null) {
			keys.add(this.signingKey);
		}
		for (PreviousKey previous : this.previousKeys) {
			if (previous.signsAt(now)) {
				keys.add(previous.key());
			}
		}
		return keys;
	}

	/** This hook without the previous keys that have expired at the given time. */
	public Hook withoutExpiredKeys(Instant now) {
		if (this.previousKeys.stream().allMatch((previous) -> previous.signsAt(now))) {
			return this;
		}
		return new Hook(this.id, this.name, this.entityType, this.events, this.url, this.httpMethod, this.headers,
				this.contentType, this.template, this.serializer, this.include, this.exclude, this.match, this.enabled,
				this.secret, this.createdAt, this.updatedAt, this.signatures, this.signingKey,
				this.previousKeys.stream().filter((previous) -> previous.signsAt(now)).toList(), this.ordered,
				this.maxConcurrency, this.rateLimit, this.burst);
	}

	/** A hook that signs with its secret alone, ordered or not. */
	public Hook(String id, String name, String entityType, List<String> events, String url, String httpMethod,
			@Nullable String headers, String contentType, @Nullable String template, @Nullable String serializer,
			List<String> include, List<String> exclude, List<MatchCondition> match, boolean enabled,
			WebhookSecret secret, Instant createdAt, Instant updatedAt, boolean ordered) {
		this(id, name, entityType, events, url, httpMethod, headers, contentType, template, serializer, include,
				exclude, match, enabled, secret, createdAt, updatedAt, DEFAULT_SIGNATURES, null, List.of(), ordered);
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
				null, this.signatures, this.ordered, this.maxConcurrency, this.rateLimit, this.burst);
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
