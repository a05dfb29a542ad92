package dev.webhooks.signing;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * A Standard Webhooks ed25519 public key, {@code whpk_} followed by the base64 of its 32 bytes: it verifies the
 * {@code v1a} signatures of the matching {@link Ed25519SigningKey}. Not a secret: {@link #toString()} shows it in
 * full.
 */
public final class Ed25519PublicKey implements VerificationKey {

	static final String PREFIX = "whpk_";

	private final byte[] raw;

	private final PublicKey key;

	private Ed25519PublicKey(byte[] raw, PublicKey key) {
		this.raw = raw;
		this.key = key;
	}

	/**
	 * Parses {@code whpk_<base64 of 32 bytes>}.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public static Ed25519PublicKey parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("public key is empty");
		}
		String trimmed = text.strip();
		if (!trimmed.startsWith(PREFIX)) {
			throw new IllegalArgumentException("public key must start with 'whpk_' followed by base64");
		}
		byte[] raw;
		try {
			raw = Base64.getDecoder().decode(trimmed.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("public key after 'whpk_' is not valid base64");
		}
		if (raw.length != Ed25519Signature.KEY_LENGTH) {
			throw new IllegalArgumentException("public key must decode to " + Ed25519Signature.KEY_LENGTH
					+ " bytes, but decodes to " + raw.length);
		}
		try {
			return new Ed25519PublicKey(raw, Ed25519Signature.publicKey(raw));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("public key is not a point of the ed25519 curve");
		}
	}

	static Ed25519PublicKey of(PublicKey key) {
		return new Ed25519PublicKey(Ed25519Signature.raw(key), key);
	}

	@Override
	public String version() {
		return Ed25519Signature.VERSION;
	}

	boolean verifies(String msgId, String timestamp, byte[] body, byte[] signature) {
		return Ed25519Signature.verify(this.key, msgId, timestamp, body, signature);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof Ed25519PublicKey that && Arrays.equals(this.raw, that.raw);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.raw);
	}

	/** The key in full, {@code whpk_...}. */
	@Override
	public String toString() {
		return PREFIX + Base64.getEncoder().encodeToString(this.raw);
	}

}
