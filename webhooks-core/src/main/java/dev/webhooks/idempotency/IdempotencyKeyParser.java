package dev.webhooks.idempotency;

/**
 * Reads the key from an {@code Idempotency-Key} header value. The IETF draft defines the value as a structured-field
 * string ({@code "8e03978e-40d5-43e8-bc93-6894a57f9324"}); most clients send it bare. Both mean the same key.
 */
public final class IdempotencyKeyParser {

	/** The default longest key accepted, in characters. */
	public static final int DEFAULT_MAX_LENGTH = 255;

	private final int maxLength;

	public IdempotencyKeyParser() {
		this(DEFAULT_MAX_LENGTH);
	}

	public IdempotencyKeyParser(int maxLength) {
		if (maxLength < 1) {
			throw new IllegalArgumentException("The longest key must be at least 1 character, not " + maxLength);
		}
		this.maxLength = maxLength;
	}

	/**
	 * The key in {@code headerValue}.
	 * @throws InvalidIdempotencyKeyException when it is empty, longer than allowed, or badly quoted
	 */
	public String parse(String headerValue) {
		String value = headerValue.strip();
		String key = value.startsWith("\"") ? unquote(value) : value;
		if (key.isEmpty()) {
			throw new InvalidIdempotencyKeyException("The idempotency key is empty");
		}
		if (key.length() > this.maxLength) {
			throw new InvalidIdempotencyKeyException(
					"The idempotency key is " + key.length() + " characters long; at most " + this.maxLength
							+ " are allowed");
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c < 0x20 || c > 0x7E) {
				throw new InvalidIdempotencyKeyException(
						"The idempotency key may only contain printable ASCII characters");
			}
		}
		return key;
	}

	// RFC 8941 section 3.3.3: only \" and \\ are escapes, and nothing may follow the closing quote
	private static String unquote(String value) {
		StringBuilder key = new StringBuilder(value.length());
		for (int i = 1; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\') {
				if (i + 1 == value.length() || (value.charAt(i + 1) != '"' && value.charAt(i + 1) != '\\')) {
					throw new InvalidIdempotencyKeyException(
							"The quoted idempotency key has a backslash not followed by '\"' or '\\'");
				}
				key.append(value.charAt(++i));
			}
			else if (c == '"') {
				if (i != value.length() - 1) {
					throw new InvalidIdempotencyKeyException(
							"The quoted idempotency key has characters after its closing quote");
				}
				return key.toString();
			}
			else {
				key.append(c);
			}
		}
		throw new InvalidIdempotencyKeyException("The quoted idempotency key has no closing quote");
	}

}
