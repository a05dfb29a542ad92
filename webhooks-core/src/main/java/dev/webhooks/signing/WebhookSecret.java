package dev.webhooks.signing;

import java.util.Arrays;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by base64 of 24 to 64 random bytes. It both signs and
 * verifies {@code v1} (HMAC-SHA256) signatures. Its {@link #toString()} never shows the key.
 */
public final class WebhookSecret implements SigningKey, VerificationKey {

	private static final String PREFIX = "whsec_";

	private final byte[] key;

	private final String masked;

	private WebhookSecret(byte[] key, String masked) {
		this.key = key;
		this.masked = masked;
	}

	/**
	 * Parses {@code whsec_<base64>}.
	 * @throws IllegalArgumentException naming what is wrong, never echoing the secret
	 */
	public static WebhookSecret parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("secret is empty");
		}
		String trimmed = text.strip();
		if (!trimmed.startsWith(PREFIX)) {
			throw new IllegalArgumentException("secret must start with 'whsec_' followed by base64");
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(trimmed.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("secret after 'whsec_' is not valid base64");
		}
		if (key.length < 24 || key.length > 64) {
			throw new IllegalArgumentException(
					"secret must decode to 24 to 64 bytes, but decodes to " + key.length);
		}
		return new WebhookSecret(key, PREFIX + trimmed.substring(PREFIX.length(), PREFIX.length() + 4) + "…");
	}

	/** A new random secret of 32 bytes, as a {@code whsec_} string. */
	public static String generate() {
		byte[] bytes = new byte[32];
		new java.security.SecureRandom().nextBytes(bytes);
		return PREFIX + Base64.getEncoder().encodeToString(bytes);
	}

	@Override
	public String version() {
		return HmacSha256Signature.VERSION;
	}

	@Override
	public String reveal() {
		return PREFIX + Base64.getEncoder().encodeToString(this.key);
	}

	/** The raw HMAC key; callers must not keep or log it. */
	byte[] key() {
		return this.key;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof WebhookSecret that && Arrays.equals(this.key, that.key);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.key);
	}

	@Override
	public String toString() {
		return this.masked;
	}

}
