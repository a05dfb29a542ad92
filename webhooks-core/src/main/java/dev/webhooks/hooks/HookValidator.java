package dev.webhooks.hooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.webhooks.hooks.match.MatchCondition;
import dev.webhooks.hooks.match.MatchFilter;
import dev.webhooks.hooks.payload.ContentSyntax;
import dev.webhooks.hooks.payload.HookPayloadSerializers;
import dev.webhooks.hooks.payload.PayloadTemplate;
import dev.webhooks.net.NetworkRange;
import dev.webhooks.net.PrivateAddressGuard;
import dev.webhooks.signing.WebhookSecret;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@link HookDefinition} before anything is stored, collecting every problem with the field it concerns.
 * Every field has a size limit, since each captured change renders the hook into the outbox: name and entity type 200
 * characters, URL 2048, content type and serializer 255, at most 50 events, 50 header lines of at most 4096 characters
 * each, a template of at most 64 KiB (UTF-8), 200 include or exclude names, and 20 match conditions with fields of
 * at most 255 and values of at most 1024 characters. The dispatch limits, when given, must fit too:
 * {@code maxConcurrency} 1 to {@value #MAX_CONCURRENCY}, {@code rateLimit} above 0 and at most
 * {@value #MAX_RATE_LIMIT} per second, {@code burst} 1 to {@value #MAX_BURST} and only with a {@code rateLimit}.
 */
public final class HookValidator {

	/** The entity change events; any other event must be a registered custom event. */
	public static final Set<String> CHANGE_EVENTS = Set.of("created", "updated", "deleted");

	/** The HTTP methods a hook may use. */
	public static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE", "GET");

	public static final String DEFAULT_CONTENT_TYPE = "application/json";

	/** The most requests a hook may have in flight at once: as many as a lane holds. */
	public static final int MAX_CONCURRENCY = 1000;

	/** The highest rate limit, in requests per second. */
	public static final int MAX_RATE_LIMIT = 100_000;

	/** The largest burst of a rate-limited hook. */
	public static final int MAX_BURST = 1000;

	private static final Pattern MEDIA_TYPE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+"
			+ "(\\s*;.*)?");

	private static final int MAX_NAME = 200;

	private static final int MAX_URL = 2048;

	private static final int MAX_EVENTS = 50;

	private static final int MAX_HEADER_LINES = 50;

	private static final int MAX_HEADER_LINE = 4096;

	private static final int MAX_CONTENT_TYPE = 255;

	private static final int MAX_TEMPLATE_BYTES = 64 * 1024;

	private static final int MAX_SERIALIZER = 255;

	private static final int MAX_ATTRIBUTES = 200;

	private static final int MAX_CONDITIONS = 20;

	private static final int MAX_CONDITION_FIELD = 255;

	private static final int MAX_CONDITION_VALUE = 1024;

	private final EntityTypes entityTypes;

	private final Set<String> customEvents;

	private final HookPayloadSerializers serializers;

	private final PrivateAddressGuard addressGuard;

	/**
	 * @param entityTypes the entities hooks may name
	 * @param customEvents the custom event names hooks may list, besides created, updated and deleted
	 * @param serializers the serializers hooks may name
	 * @param allowPrivateAddresses whether URLs may point at loopback, private or link-local addresses
	 */
	public HookValidator(EntityTypes entityTypes, Set<String> customEvents, HookPayloadSerializers serializers,
			boolean allowPrivateAddresses) {
		this(entityTypes, customEvents, serializers,
				allowPrivateAddresses ? PrivateAddressGuard.disabled() : PrivateAddressGuard.refusingNonPublic());
	}

	/**
	 * @param entityTypes the entities hooks may name
	 * @param customEvents the custom event names hooks may list, besides created, updated and deleted
	 * @param serializers the serializers hooks may name
	 * @param addressGuard the addresses URLs may not point at, the same guard the transport applies
	 */
	public HookValidator(EntityTypes entityTypes, Set<String> customEvents, HookPayloadSerializers serializers,
			PrivateAddressGuard addressGuard) {
		this.entityTypes = entityTypes;
		this.customEvents = Set.copyOf(customEvents);
		this.serializers = serializers;
		this.addressGuard = addressGuard;
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
		else {
			checkLength("name", name.strip(), MAX_NAME, errors);
		}
		checkEntityType(definition.entityType(), errors);
		checkEvents(definition.events(), errors);
		checkUrl(definition.url(), errors);
		String method = (definition.httpMethod() != null) ? definition.httpMethod().strip().toUpperCase(Locale.ROOT)
				: "POST";
		if (!METHODS.contains(method)) {
			errors.add(error("httpMethod", "'" + definition.httpMethod() + "' is not one of " + new TreeSet<>(METHODS)));
		}
		if (headersFit(definition.headers(), errors)) {
			HookHeaders.parse(definition.headers(), errors);
		}
		String contentType = (definition.contentType() != null && !definition.contentType().isBlank())
				? definition.contentType().strip() : DEFAULT_CONTENT_TYPE;
		boolean contentTypeValid = false;
		if (checkLength("contentType", contentType, MAX_CONTENT_TYPE, errors)) {
			contentTypeValid = MEDIA_TYPE.matcher(contentType).matches();
			if (!contentTypeValid) {
				errors.add(error("contentType", "'" + contentType + "' is not a media type such as application/json"));
			}
		}
		checkPayload(definition, contentTypeValid ? ContentSyntax.of(contentType) : null, errors);
		if (conditionsFit(definition.match(), errors)) {
			try {
				MatchFilter.compile(definition.match());
			}
			catch (MatchFilter.InvalidConditionException ex) {
				errors.add(error(ex.fieldName(), ex.getMessage()));
			}
		}
		if (definition.secret() != null) {
			try {
				WebhookSecret.parse(definition.secret());
			}
			catch (IllegalArgumentException ex) {
				errors.add(error("secret", ex.getMessage()));
			}
		}
		List<String> signatures = signatureVersions(definition.signatures(), errors);
		checkLimits(definition, errors);
		if (!errors.isEmpty()) {
			throw new InvalidHookException(errors);
		}
		return new HookDefinition(name.strip(), definition.entityType().strip(), definition.events(),
				definition.url().strip(), method, blankToNull(definition.headers()), contentType, definition.template(),
				blankToNull(definition.serializer()), definition.include(), definition.exclude(), definition.match(),
				(definition.enabled() != null) ? definition.enabled() : Boolean.TRUE,
				(definition.secret() != null) ? definition.secret().strip() : null, signatures,
				definition.ordered(), definition.maxConcurrency(), definition.rateLimit(), definition.burst());
	}

	// null is the dispatcher's default; the bounds keep a typo from opening a thousand connections or none
	private static void checkLimits(HookDefinition definition, List<InvalidHookException.FieldError> errors) {
		Integer maxConcurrency = definition.maxConcurrency();
		if (maxConcurrency != null && (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY)) {
			errors.add(error("maxConcurrency", "must be between 1 and " + MAX_CONCURRENCY + ", but is "
					+ maxConcurrency));
		}
		Double rateLimit = definition.rateLimit();
		if (rateLimit != null && !(rateLimit > 0 && rateLimit <= MAX_RATE_LIMIT)) {
			errors.add(error("rateLimit", "must be greater than 0 and at most " + MAX_RATE_LIMIT
					+ " requests per second, but is " + rateLimit + "; leave it out for no limit of its own"));
		}
		Integer burst = definition.burst();
		if (burst != null) {
			if (rateLimit == null) {
				errors.add(error("burst", "needs rateLimit: the burst is how many requests a rate-limited hook may "
						+ "start at once"));
			}
			else if (burst < 1 || burst > MAX_BURST) {
				errors.add(error("burst", "must be between 1 and " + MAX_BURST + ", but is " + burst));
			}
		}
	}

	// empty means "as it is" (v1 for a new hook); otherwise a set of known versions, in the given order
	private static List<String> signatureVersions(List<String> versions, List<InvalidHookException.FieldError> errors) {
		List<String> valid = new ArrayList<>();
		for (String version : versions) {
			String trimmed = (version != null) ? version.strip().toLowerCase(Locale.ROOT) : "";
			if (!Hook.SIGNATURE_VERSIONS.contains(trimmed)) {
				errors.add(error("signatures", "'" + version + "' is not one of " + Hook.SIGNATURE_VERSIONS));
			}
			else if (valid.contains(trimmed)) {
				errors.add(error("signatures", "'" + trimmed + "' is listed twice"));
			}
			else {
				valid.add(trimmed);
			}
		}
		return valid;
	}

	private void checkEntityType(@Nullable String entityType, List<InvalidHookException.FieldError> errors) {
		if (entityType == null || entityType.isBlank()) {
			errors.add(error("entityType", "is required"));
		}
		else if (checkLength("entityType", entityType.strip(), MAX_NAME, errors) && this.entityTypes.isChecked()
				&& !this.entityTypes.attributes().containsKey(entityType.strip())) {
			errors.add(error("entityType", "'" + entityType + "' is not an entity of this application (entities: "
					+ String.join(", ", this.entityTypes.names()) + ")"));
		}
	}

	private void checkEvents(List<String> events, List<InvalidHookException.FieldError> errors) {
		if (events.isEmpty()) {
			errors.add(error("events", "is empty; list at least one of created, updated, deleted"
					+ (this.customEvents.isEmpty() ? "" : " or " + String.join(", ", new TreeSet<>(this.customEvents)))));
		}
		if (!checkCount("events", events, MAX_EVENTS, errors)) {
			return;
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
		if (!checkLength("url", url.strip(), MAX_URL, errors)) {
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
		if (!this.addressGuard.isEnabled()) {
			return;
		}
		String bareHost = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		try {
			for (InetAddress address : InetAddress.getAllByName(bareHost)) {
				if (this.addressGuard.refuses(address)) {
					errors.add(error("url", "host '" + host + "' resolves to the non-public address "
							+ PrivateAddressGuard.describe(address) + "; private, loopback and link-local targets are "
							+ "refused unless " + PrivateAddressGuard.ALLOWED_NETWORKS_PROPERTY + " includes "
							+ NetworkRange.of(address) + " or webhooks.http.allow-private-addresses=true (for "
							+ "development)"));
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
			if (syntax == null || !templateFits(template, errors)) {
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
			if (!checkLength("serializer", definition.serializer().strip(), MAX_SERIALIZER, errors)) {
				return;
			}
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
		if (!checkCount(field, names, MAX_ATTRIBUTES, errors)) {
			return;
		}
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

	// a header text with too many or too long lines is not parsed, so that its errors stay few
	private static boolean headersFit(@Nullable String headers, List<InvalidHookException.FieldError> errors) {
		if (headers == null) {
			return true;
		}
		String[] lines = headers.split("\\r?\\n|\\r", -1);
		if (lines.length > MAX_HEADER_LINES) {
			errors.add(error("headers", "has " + lines.length + " lines; at most " + MAX_HEADER_LINES + " are allowed"));
			return false;
		}
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].length() > MAX_HEADER_LINE) {
				errors.add(error("headers", "line " + (i + 1) + " has " + lines[i].length() + " characters; at most "
						+ MAX_HEADER_LINE + " are allowed"));
				return false;
			}
		}
		return true;
	}

	// checked before the template is parsed and rendered twice
	private static boolean templateFits(String template, List<InvalidHookException.FieldError> errors) {
		// UTF-8 takes at least one byte per char, so most templates are judged without encoding them
		int bytes = (template.length() > MAX_TEMPLATE_BYTES) ? template.length()
				: template.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_TEMPLATE_BYTES) {
			errors.add(error("template", "is " + ((template.length() > MAX_TEMPLATE_BYTES) ? "at least " : "")
					+ bytes + " bytes in UTF-8; at most " + MAX_TEMPLATE_BYTES + " (64 KiB) are allowed"));
			return false;
		}
		return true;
	}

	private static boolean conditionsFit(List<MatchCondition> conditions,
			List<InvalidHookException.FieldError> errors) {
		if (!checkCount("match", conditions, MAX_CONDITIONS, errors)) {
			return false;
		}
		boolean fit = true;
		for (int i = 0; i < conditions.size(); i++) {
			MatchCondition condition = conditions.get(i);
			if (condition.field() != null) {
				fit &= checkLength("match[" + i + "].field", condition.field(), MAX_CONDITION_FIELD, errors);
			}
			if (condition.value() != null) {
				fit &= checkLength("match[" + i + "].value", condition.value(), MAX_CONDITION_VALUE, errors);
			}
		}
		return fit;
	}

	private static boolean checkLength(String field, String text, int max,
			List<InvalidHookException.FieldError> errors) {
		if (text.length() > max) {
			errors.add(error(field, "is longer than " + max + " characters"));
			return false;
		}
		return true;
	}

	private static boolean checkCount(String field, List<?> items, int max,
			List<InvalidHookException.FieldError> errors) {
		if (items.size() > max) {
			errors.add(error(field, "has " + items.size() + " entries; at most " + max + " are allowed"));
			return false;
		}
		return true;
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	private static InvalidHookException.FieldError error(String field, String message) {
		return new InvalidHookException.FieldError(field, message);
	}

}
