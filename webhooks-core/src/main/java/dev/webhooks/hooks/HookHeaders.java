package dev.webhooks.hooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Parses a hook's extra headers: one {@code Name: value} per line, split at the first colon so values may contain
 * colons (URLs, times); blank lines are skipped. Values may hold printable ASCII characters, spaces and tabs only:
 * HTTP clients refuse anything else (a control character could split the request, and non-ASCII text has no agreed
 * encoding in a header).
 */
public final class HookHeaders {

	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	/** Headers the transport or the signature own; a hook setting them would break or forge the request. */
	private static final Set<String> RESERVED = Set.of("content-length", "host", "transfer-encoding", "connection");

	private HookHeaders() {
	}

	/**
	 * @return the headers by name, in the order given
	 * @throws InvalidHookException with one {@code headers} error per bad line
	 */
	public static Map<String, String> parse(@Nullable String text) {
		List<InvalidHookException.FieldError> errors = new ArrayList<>();
		Map<String, String> headers = parse(text, errors);
		if (!errors.isEmpty()) {
			throw new InvalidHookException(errors);
		}
		return headers;
	}

	static Map<String, String> parse(@Nullable String text, List<InvalidHookException.FieldError> errors) {
		if (text == null || text.isBlank()) {
			return Map.of();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		String[] lines = text.split("\\r?\\n|\\r", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (line.isBlank()) {
				continue;
			}
			String where = "line " + (i + 1) + " \"" + printable(line.strip()) + "\"";
			int colon = line.indexOf(':');
			if (colon < 0) {
				errors.add(new InvalidHookException.FieldError("headers", where + " has no ':'"));
				continue;
			}
			String name = line.substring(0, colon).strip();
			String value = line.substring(colon + 1).strip();
			String lower = name.toLowerCase(Locale.ROOT);
			if (!TOKEN.matcher(name).matches()) {
				errors.add(new InvalidHookException.FieldError("headers", where + " has no valid header name before ':'"));
			}
			else if (lower.equals("content-type")) {
				errors.add(new InvalidHookException.FieldError("headers",
						where + " sets Content-Type; set the hook's contentType instead"));
			}
			else if (RESERVED.contains(lower) || lower.startsWith("webhook-")) {
				errors.add(new InvalidHookException.FieldError("headers",
						where + " sets " + name + ", which the sender sets itself"));
			}
			else if (firstUnsendable(value) >= 0) {
				errors.add(new InvalidHookException.FieldError("headers", where + " has "
						+ describe(value.codePointAt(firstUnsendable(value))) + " in its value; header values may only "
						+ "hold printable ASCII characters, spaces and tabs"));
			}
			else {
				headers.put(name, value);
			}
		}
		return Collections.unmodifiableMap(headers);
	}

	// the index of the first character other than a tab or printable ASCII, or -1
	private static int firstUnsendable(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != '\t' && (c < 0x20 || c > 0x7e)) {
				return i;
			}
		}
		return -1;
	}

	// a line as quoted in messages, its invisible and line-breaking characters as U+XXXX
	private static String printable(String line) {
		StringBuilder printable = new StringBuilder(line.length());
		line.codePoints()
			.forEach((c) -> printable.append(isInvisible(c) ? String.format("U+%04X", c) : Character.toString(c)));
		return printable.toString();
	}

	private static String describe(int c) {
		return isInvisible(c) ? String.format("U+%04X", c) : String.format("'%s' (U+%04X)", Character.toString(c), c);
	}

	private static boolean isInvisible(int c) {
		int type = Character.getType(c);
		return (Character.isISOControl(c) && c != '\t') || type == Character.LINE_SEPARATOR
				|| type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT || type == Character.UNASSIGNED;
	}

}
