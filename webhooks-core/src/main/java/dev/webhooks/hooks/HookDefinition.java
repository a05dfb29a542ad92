package dev.webhooks.hooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.webhooks.hooks.match.MatchCondition;
import org.jspecify.annotations.Nullable;

/**
 * What a hook does, as given to {@link HookService#create(HookDefinition)} and to the REST API. Build one with
 * {@link #builder(String, String, String)}:
 * <pre>{@code
 * HookDefinition.builder("crm-customers", "Customer", "https://crm.example.com/hooks")
 *     .events("created", "updated")
 *     .template("application/json", "{\"id\": {{instance.id}}, \"name\": \"{{instance.name}}\"}")
 *     .match(new MatchCondition("address.country", "equals", "CH"))
 *     .build();
 * }</pre>
 * At most one payload kind may be given: a {@code template}, a {@code serializer} bean name, or {@code include} /
 * {@code exclude} field lists; with none, the default envelope is sent.
 *
 * @param name a unique name
 * @param entityType the JPA entity name, e.g. {@code Customer}
 * @param events {@code created}, {@code updated}, {@code deleted} and configured custom event names
 * @param url the absolute http(s) URL
 * @param httpMethod POST (default), PUT, PATCH, DELETE or GET (sent without a body)
 * @param headers extra headers, one {@code Name: value} per line
 * @param contentType the payload's media type, {@code application/json} by default
 * @param template a payload template with {@code {{instance.a.b}}}, {@code {{event}}}, {@code {{event_type}}} and
 * argument placeholders
 * @param serializer the name of a {@link dev.webhooks.hooks.payload.HookPayloadSerializer} bean
 * @param include the only attributes sent in the default envelope, when not empty
 * @param exclude attributes never sent in the default envelope
 * @param match conditions on the instance's fields, all of which must match
 * @param enabled whether the hook fires; {@code true} when not given
 * @param secret the signing secret ({@code whsec_...}); generated when not given on create, kept on update
 * @param signatures the signature versions sent: {@code v1} (HMAC with the secret), {@code v1a} (ed25519 with the
 * hook's signing key, generated when first needed), or both; {@code [v1]} when not given on create, kept on update
 * @param ordered whether each entity's changes reach the hook in the order they were written: a change is not sent
 * while an earlier change of the same entity to this hook is unfinished; {@code false} when not given on create,
 * kept on update
 * @param maxConcurrency the most of the hook's requests in flight at once from one dispatcher, 1 to
 * {@value HookValidator#MAX_CONCURRENCY}; the dispatcher's default ({@code webhooks.dispatch.target-max-concurrency})
 * when not given, on create and on update alike (an update replaces the limits)
 * @param rateLimit the most requests started per second, above 0 (fractions allowed: {@code 0.5} is one every two
 * seconds); the dispatcher's default ({@code webhooks.dispatch.target-rate-limit}) when not given
 * @param burst the requests that may start at once after a quiet spell, 1 to {@value HookValidator#MAX_BURST}; only
 * with a {@code rateLimit}; the dispatcher's default ({@code webhooks.dispatch.target-burst}) when not given
 */
public record HookDefinition(@Nullable String name, @Nullable String entityType, List<String> events,
		@Nullable String url, @Nullable String httpMethod, @Nullable String headers, @Nullable String contentType,
		@Nullable String template, @Nullable String serializer, List<String> include, List<String> exclude,
		List<MatchCondition> match, @Nullable Boolean enabled, @Nullable String secret, List<String> signatures,
		@Nullable Boolean ordered, @Nullable Integer maxConcurrency, @Nullable Double rateLimit,
		@Nullable Integer burst) {

	public HookDefinition {
		events = (events != null) ? List.copyOf(events) : List.of();
		include = (include != null) ? List.copyOf(include) : List.of();
		exclude = (exclude != null) ? List.copyOf(exclude) : List.of();
		match = (match != null) ? List.copyOf(match) : List.of();
		signatures = (signatures != null) ? List.copyOf(signatures) : List.of();
	}

	/** A definition with the dispatcher's default limits. */
	public HookDefinition(@Nullable String name, @Nullable String entityType, List<String> events,
			@Nullable String url, @Nullable String httpMethod, @Nullable String headers, @Nullable String contentType,
			@Nullable String template, @Nullable String serializer, List<String> include, List<String> exclude,
			List<MatchCondition> match, @Nullable Boolean enabled, @Nullable String secret, List<String> signatures,
			@Nullable Boolean ordered) {
		this(name, entityType, events, url, httpMethod, headers, contentType, template, serializer, include, exclude,
				match, enabled, secret, signatures, ordered, null, null, null);
	}

	/**
	 * A definition that leaves the signature versions ({@code v1} for a new hook) and the order of deliveries
	 * (unordered for a new hook) as they are.
	 */
	public HookDefinition(@Nullable String name, @Nullable String entityType, List<String> events,
			@Nullable String url, @Nullable String httpMethod, @Nullable String headers, @Nullable String contentType,
			@Nullable String template, @Nullable String serializer, List<String> include, List<String> exclude,
			List<MatchCondition> match, @Nullable Boolean enabled, @Nullable String secret) {
		this(name, entityType, events, url, httpMethod, headers, contentType, template, serializer, include, exclude,
				match, enabled, secret, List.of(), null);
	}

	/** A definition that leaves the order of deliveries as it is (unordered for a new hook). */
	public HookDefinition(@Nullable String name, @Nullable String entityType, List<String> events,
			@Nullable String url, @Nullable String httpMethod, @Nullable String headers, @Nullable String contentType,
			@Nullable String template, @Nullable String serializer, List<String> include, List<String> exclude,
			List<MatchCondition> match, @Nullable Boolean enabled, @Nullable String secret, List<String> signatures) {
		this(name, entityType, events, url, httpMethod, headers, contentType, template, serializer, include, exclude,
				match, enabled, secret, signatures, null);
	}

	/** A definition that leaves the signature versions as they are ({@code v1} for a new hook). */
	public HookDefinition(@Nullable String name, @Nullable String entityType, List<String> events,
			@Nullable String url, @Nullable String httpMethod, @Nullable String headers, @Nullable String contentType,
			@Nullable String template, @Nullable String serializer, List<String> include, List<String> exclude,
			List<MatchCondition> match, @Nullable Boolean enabled, @Nullable String secret,
			@Nullable Boolean ordered) {
		this(name, entityType, events, url, httpMethod, headers, contentType, template, serializer, include, exclude,
				match, enabled, secret, List.of(), ordered);
	}

	public static Builder builder(String name, String entityType, String url) {
		return new Builder(name, entityType, url);
	}

	/** A builder starting from this definition. */
	public Builder toBuilder() {
		Builder builder = new Builder(this.name, this.entityType, this.url);
		builder.events = new ArrayList<>(this.events);
		builder.httpMethod = this.httpMethod;
		builder.headers = this.headers;
		builder.contentType = this.contentType;
		builder.template = this.template;
		builder.serializer = this.serializer;
		builder.include = this.include;
		builder.exclude = this.exclude;
		builder.match = this.match;
		builder.enabled = this.enabled;
		builder.secret = this.secret;
		builder.signatures = this.signatures;
		builder.ordered = this.ordered;
		builder.maxConcurrency = this.maxConcurrency;
		builder.rateLimit = this.rateLimit;
		builder.burst = this.burst;
		return builder;
	}

	/** Builds a {@link HookDefinition}; every event by default (created, updated, deleted). */
	public static final class Builder {

		private @Nullable String name;

		private @Nullable String entityType;

		private @Nullable String url;

		private List<String> events = new ArrayList<>(List.of("created", "updated", "deleted"));

		private @Nullable String httpMethod = "POST";

		private @Nullable String headers;

		private @Nullable String contentType;

		private @Nullable String template;

		private @Nullable String serializer;

		private List<String> include = List.of();

		private List<String> exclude = List.of();

		private List<MatchCondition> match = List.of();

		private @Nullable Boolean enabled = true;

		private @Nullable String secret;

		private List<String> signatures = List.of();

		private @Nullable Boolean ordered;

		private @Nullable Integer maxConcurrency;

		private @Nullable Double rateLimit;

		private @Nullable Integer burst;

		private Builder(@Nullable String name, @Nullable String entityType, @Nullable String url) {
			this.name = name;
			this.entityType = entityType;
			this.url = url;
		}

		public Builder name(String name) {
			this.name = name;
			return this;
		}

		public Builder url(String url) {
			this.url = url;
			return this;
		}

		public Builder events(String... events) {
			this.events = new ArrayList<>(Arrays.asList(events));
			return this;
		}

		public Builder httpMethod(String httpMethod) {
			this.httpMethod = httpMethod;
			return this;
		}

		/** Extra headers, one {@code Name: value} per line. */
		public Builder headers(String headers) {
			this.headers = headers;
			return this;
		}

		public Builder contentType(String contentType) {
			this.contentType = contentType;
			return this;
		}

		/** A template payload in the given content type. */
		public Builder template(String contentType, String template) {
			this.contentType = contentType;
			this.template = template;
			return this;
		}

		/** A payload rendered by the named serializer bean. */
		public Builder serializer(String serializer) {
			this.serializer = serializer;
			return this;
		}

		/** The default envelope with only the named attributes. */
		public Builder include(String... include) {
			this.include = List.of(include);
			return this;
		}

		/** The default envelope without the named attributes. */
		public Builder exclude(String... exclude) {
			this.exclude = List.of(exclude);
			return this;
		}

		public Builder match(MatchCondition... conditions) {
			this.match = List.of(conditions);
			return this;
		}

		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		/** Whether each entity's changes reach the hook in order. */
		public Builder ordered(boolean ordered) {
			this.ordered = ordered;
			return this;
		}

		/** The most of the hook's requests in flight at once; {@code null} for the dispatcher's default. */
		public Builder maxConcurrency(@Nullable Integer maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
			return this;
		}

		/** At most {@code rateLimit} requests started per second, with the dispatcher's default burst. */
		public Builder rateLimit(double rateLimit) {
			this.rateLimit = rateLimit;
			return this;
		}

		/** At most {@code rateLimit} requests started per second, up to {@code burst} at once after a quiet spell. */
		public Builder rateLimit(double rateLimit, int burst) {
			this.rateLimit = rateLimit;
			this.burst = burst;
			return this;
		}

		/** The requests a rate-limited hook may start at once; {@code null} for the dispatcher's default. */
		public Builder burst(@Nullable Integer burst) {
			this.burst = burst;
			return this;
		}

		/** The dispatcher's default rate limit and burst, not the hook's own. */
		public Builder defaultRateLimit() {
			this.rateLimit = null;
			this.burst = null;
			return this;
		}

		public Builder secret(String secret) {
			this.secret = secret;
			return this;
		}

		/** The signature versions to send: {@code v1}, {@code v1a} or both. */
		public Builder signatures(String... versions) {
			this.signatures = List.of(versions);
			return this;
		}

		public HookDefinition build() {
			return new HookDefinition(this.name, this.entityType, this.events, this.url, this.httpMethod,
					this.headers, this.contentType, this.template, this.serializer, this.include, this.exclude,
					this.match, this.enabled, this.secret, this.signatures, this.ordered, this.maxConcurrency,
					this.rateLimit, this.burst);
		}

	}

}
