package dev.webhooks.hooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.webhooks.hooks.match.MatchFilter;
import dev.webhooks.hooks.payload.ContentSyntax;
import dev.webhooks.hooks.payload.HookPayloadSerializers;
import dev.webhooks.hooks.payload.PayloadTemplate;
import dev.webhooks.net.PrivateAddressGuard;
import dev.webhooks.signing.WebhookSecret;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@link HookDefinition} before anything is stored, collecting every problem with the field it concerns.
 */
public final class HookValidator {

	/** The entity change events; any other event must be a registered custom event. */
	public static final Set<String> CHANGE_EVENTS = Set.of("created", "updated", "deleted");

	/** The HTTP methods a hook may use. */
	public static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE", "GET");

	public static final String DEFAULT_CONTENT_TYPE = "application/json";

	private static final Pattern MEDIA_TYPE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+"
			+ "(\\s*;.*)?");

	private static final int MAX_NAME = 200;

	private static final int MAX_URL = 2048;

	private final EntityTypes entityTypes;

	private final Set<String> customEvents;

	private final HookPayloadSerializers serializers;

	private final boolean allowPrivateAddresses;

	/**
	 * @param entityTypes the entities hooks may name
	 * @param customEvents the custom event names hooks may list, besides created, updated and deleted
	 * @param serializers the serializers hooks may name
	 * @param allowPrivateAddresses whether URLs may point at loopback, private or link-local addresses
	 */
	public HookValidator(EntityTypes entityTypes, Set<String> customEvents, HookPayloadSerializers serializers,
			boolean allowPrivateAddresses) {
		this.entityTypes = entityTypes;
		this.customEvents = Set.copyOf(customEvents);
		this.serializers = serializers;
		this.allowPrivateAddresses = allowPrivateAddresses;
	}

	/**
	 * Checks a definition and returns it with defaults applied (method upper-case, content type set).
	 * @throws InvalidHookException listing every problem
	 */
	public HookDefinition validate(HookDefinition definition) {
		List<InvalidHookException.FieldError> errors = new ArrayList<>();
		String name = definition.name();
		if (name == null || name.isBlank()) {
			errors.add(error("name", "is required"));
		}
		else if (name.strip().length() > MAX_NAME) {
			errors.add(error("name", "is longer than " + MAX_NAME + " characters"));
		}
		checkEntityType(definition.entityType(), errors);
		checkEvents(definition.events(), errors);
		checkUrl(definition.url(), errors);
		String method = (definition.httpMethod() != null) ? definition.httpMethod().strip().toUpperCase(Locale.ROOT)
				: "POST";
		if (!METHODS.contains(method)) {
			errors.add(error("httpMethod", "'" + definition.httpMethod() + "' is not one of " + new TreeSet<>(METHODS)));
		}
		HookHeaders.parse(definition.headers(), errors);
		String contentType = (definition.contentType() != null && !definition.contentType().isBlank())
				? definition.contentType().strip() : DEFAULT_CONTENT_TYPE;
		boolean contentTypeValid = MEDIA_TYPE.matcher(contentType).matches();
		if (!contentTypeValid) {
			errors.add(error("contentType", "'" + contentType + "' is not a media type such as application/json"));
		}
		checkPayload(definition, contentTypeValid ? ContentSyntax.of(contentType) : null, errors);
		try {
			MatchFilter.compile(definition.match());
		}
		catch (MatchFilter.InvalidConditionException ex) {
			errors.add(error(ex.fieldName(), ex.getMessage()));
		}
		if (definition.secret() != null) {
			try {
				WebhookSecret.parse(definition.secret());
			}
			catch (IllegalArgumentException ex) {
				errors.add(error("secret", ex.getMessage()));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidHookException(errors);
		}
		return new HookDefinition(name.strip(), definition.entityType().strip(), definition.events(),
				definition.url().strip(), method, blankToNull(definition.headers()), contentType, definition.template(),
				blankToNull(definition.serializer()), definition.include(), definition.exclude(), definition.match(),
				(definition.enabled() != null) ? definition.enabled() : Boolean.TRUE,
				(definition.secret() != null) ? definition.secret().strip() : null);
	}

	private void checkEntityType(@Nullable String entityType, List<InvalidHookException.FieldError> errors) {
		if (entityType == null || entityType.isBlank()) {
			errors.add(error("entityType", "is required"));
		}
		else if (this.entityTypes.isChecked() && !this.entityTypes.attributes().containsKey(entityType.strip())) {
			errors.add(error("entityType", "'" + entityType + "' is not an entity of this application (entities: "
					+ String.join(", ", this.entityTypes.names()) + ")"));
		}
	}

	private void checkEvents(List<String> events, List<InvalidHookException.FieldError> errors) {
		if (events.isEmpty()) {
			errors.add(error("events", "is empty; list at least one of created, updated, deleted"
					+ (this.customEvents.isEmpty() ? "" : " or " + String.join(", ", new TreeSet<>(this.customEvents)))));
		}
		for (int i = 0; i < events.size(); i++) {
			String event = events.get(i);
			if (event == null || (!CHANGE_EVENTS.contains(event) && !this.customEvents.contains(event))) {
				errors.add(error("events[" + i + "]", "'" + event + "' is not created, updated, deleted or a "
						+ "registered custom event" + (this.customEvents.isEmpty() ? " (none are registered)"
								: " (" + String.join(", ", new TreeSet<>(this.customEvents)) + ")")));
			}
		}
	}

	private void checkUrl(@Nullable String url, List<InvalidHookException.FieldError> errors) {
		if (url == null || url.isBlank()) {
			errors.add(error("url", "is required"));
			return;
		}
		if (url.strip().length() > MAX_URL) {
			errors.add(error("url", "is longer than " + MAX_URL + " characters"));
			return;
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			errors.add(error("url", "'" + url + "' is not a valid URL: " + ex.getReason()));
			return;
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!uri.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme))) {
			errors.add(error("url", "'" + url + "' is not an absolute http or https URL"));
			return;
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			errors.add(error("url", "'" + url + "' has no host"));
			return;
		}
		if (this.allowPrivateAddresses) {
			return;
		}
		String bareHost = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		try {
			for (InetAddress address : InetAddress.getAllByName(bareHost)) {
				if (PrivateAddressGuard.isNonPublic(address)) {
					errors.add(error("url", "host '" + host + "' resolves to the non-public address "
							+ PrivateAddressGuard.describe(address) + "; private, loopback and link-local targets are "
							+ "refused unless webhooks.http.allow-private-addresses=true (for development)"));
					return;
				}
			}
		}
		catch (UnknownHostException ex) {
			errors.add(error("url", "host '" + host + "' does not resolve"));
		}
	}

	private void checkPayload(HookDefinition definition, @Nullable ContentSyntax syntax,
			List<InvalidHookException.FieldError> errors) {
		boolean hasTemplate = definition.template() != null;
		boolean hasSerializer = definition.serializer() != null && !definition.serializer().isBlank();
		boolean hasFields = !definition.include().isEmpty() || !definition.exclude().isEmpty();
		int kinds = (hasTemplate ? 1 : 0) + (hasSerializer ? 1 : 0) + (hasFields ? 1 : 0);
		if (kinds > 1) {
			errors.add(error(hasTemplate ? "template" : "serializer",
					"give only one of template, serializer or include/exclude"));
			return;
		}
		if (hasTemplate) {
			String template = definition.template();
			if (template.isBlank()) {
				errors.add(error("template", "is empty; leave it out for the default envelope"));
				return;
			}
			if (syntax == null) {
				return;
			}
			try {
				String problem = PayloadTemplate.parse(template, syntax).check();
				if (problem != null) {
					errors.add(error("template", problem));
				}
			}
			catch (IllegalArgumentException ex) {
				errors.add(error("template", ex.getMessage()));
			}
			return;
		}
		if (hasSerializer) {
			if (this.serializers.find(definition.serializer().strip()) == null) {
				errors.add(error("serializer", "no HookPayloadSerializer bean is named '" + definition.serializer()
						+ "'"));
			}
			return;
		}
		if (syntax != null && syntax != ContentSyntax.JSON) {
			errors.add(error("contentType", "must be a JSON type for the default envelope; give a template or a "
					+ "serializer for other types"));
		}
		checkAttributes("include", definition.include(), definition.entityType(), errors);
		checkAttributes("exclude", definition.exclude(), definition.entityType(), errors);
	}

	private void checkAttributes(String field, List<String> names, @Nullable String entityType,
			List<InvalidHookException.FieldError> errors) {
		Set<String> attributes = (entityType != null) ? this.entityTypes.attributes().get(entityType.strip()) : null;
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name == null || name.isBlank()) {
				errors.add(error(field + "[" + i + "]", "is empty"));
			}
			else if (attributes != null && !attributes.contains(name)) {
				errors.add(error(field + "[" + i + "]", "'" + name + "' is not an attribute of " + entityType
						+ " (attributes: " + String.join(", ", new TreeSet<>(attributes)) + ")"));
			}
		}
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	private static InvalidHookException.FieldError error(String field, String message) {
		return new InvalidHookException.FieldError(field, message);
	}

}
