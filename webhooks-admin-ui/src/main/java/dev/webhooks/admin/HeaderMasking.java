package dev.webhooks.admin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Masks header values that look like credentials before a page shows them: {@code Authorization},
 * {@code Cookie}, and any name containing {@code token}, {@code secret}, {@code key}, {@code password},
 * {@code signature} or {@code auth}. A masked value keeps its first four characters, like a masked signing secret.
 */
public final class HeaderMasking {

	private static final String[] SECRET_PARTS = { "token", "secret", "key", "password", "passwd", "signature",
			"auth", "cookie", "credential", "session" };

	private HeaderMasking() {
	}

	/** The headers sorted by name, secret-looking values masked. */
	public static Map<String, String> mask(Map<String, String> headers) {
		Map<String, String> masked = new LinkedHashMap<>();
		new TreeMap<>(headers).forEach((name, value) -> masked.put(name, isSecret(name) ? mask(value) : value));
		return masked;
	}

	public static boolean isSecret(String headerName) {
		String name = headerName.toLowerCase(Locale.ROOT);
		for (String part : SECRET_PARTS) {
			if (name.contains(part)) {
				return true;
			}
		}
		return false;
	}

	/** The first four characters followed by an ellipsis; values of eight characters or fewer are hidden whole. */
	public static String mask(String value) {
		return (value.length() <= 8) ? "…" : value.substring(0, 4) + "…";
	}

}
