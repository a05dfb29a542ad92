package dev.webhooks.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The checks the {@code webhooks.*} properties classes run at start-up, each throwing an
 * {@link InvalidWebhooksPropertyException} that names the property and never echoes a credential.
 */
public final class PropertyRules {

	private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?#@]*@");

	private PropertyRules() {
	}

	public static void positive(String property, @Nullable Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new InvalidWebhooksPropertyException(property, "must be a positive duration, but is " + value);
		}
	}

	public static void notNegative(String property, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidWebhooksPropertyException(property, "must not be negative, but is " + value);
		}
	}

	public static void positive(String property, @Nullable DataSize value) {
		if (value == null || value.toBytes() <= 0) {
			throw new InvalidWebhooksPropertyException(property, "must be a positive size, but is " + value);
		}
	}

	public static void atLeast(String property, long value, long minimum) {
		if (value < minimum) {
			throw new InvalidWebhooksPropertyException(property, "must be at least " + minimum + ", but is " + value);
		}
	}

	public static void notBlank(String property, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidWebhooksPropertyException(property, "must not be empty");
		}
	}

	/** A path the library serves, e.g. {@code /webhooks/receive}. */
	public static void path(String property, @Nullable String value) {
		if (value == null || !value.startsWith("/")) {
			throw new InvalidWebhooksPropertyException(property, "'" + value + "' must start with '/'");
		}
	}

	/** An absolute http or https URL; the message shows it with any user and password masked. */
	public static void httpUrl(String property, String url) {
		try {
			URI uri = new URI(url);
			String scheme = uri.getScheme();
			if (!uri.isAbsolute() || uri.getHost() == null
					|| !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
				throw new InvalidWebhooksPropertyException(property,
						"'" + masked(url) + "' is not an absolute http or https URL");
			}
		}
		catch (URISyntaxException ex) {
			throw new InvalidWebhooksPropertyException(property, "'" + masked(url) + "' is not a URL: " + ex.getReason());
		}
	}

	/** The URL with the user information before the host, which may hold a password, replaced by {@code ***}. */
	static String masked(String url) {
		return USER_INFO.matcher(url).replaceFirst("***@");
	}

}
