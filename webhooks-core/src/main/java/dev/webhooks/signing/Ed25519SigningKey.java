package dev.webhooks.signing;

import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * A Standard Webhooks ed25519 secret key, {@code whsk_} followed by the base64 of its 32-byte seed: it signs
 * {@code v1a} signatures, which receivers check with its {@link #publicKey() public key} alone. Its
 * {@link #toString()} never shows the key.
 * <pre>{@code
 * SigningKeyPair pair = SigningKeyPair.generate();
 * Ed25519SigningKey key = Ed25519SigningKey.parse(pair.secretKey());   // keep secret, signs
 * String forTheReceiver = key.publicKey().toString();                  // whpk_..., verifies
 * }</pre>
 */
public final class Ed25519SigningKey implements SigningKey {

	static final String PREFIX = "whsk_";

	private final byte[] seed;

	private final PrivateKey privateKey;

	private final Ed25519PublicKey publicKey;

	private final String masked;

	private Ed25519SigningKey(byte[] seed, String masked) {
		this.seed = seed;
		this.privateKey = Ed25519Signature.privateKey(seed);
		this.publicKey = Ed25519PublicKey.of(Ed25519Signature.publicKeyOf(seed));
		this.masked = masked;
	}

	/**
	 * Parses {@code whsk_<base64 of 32 bytes>}.
	 * @throws IllegalArgumentException naming what is wrong, never echoing the key
	 */
	public static Ed25519SigningKey parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("signing key is empty");
		}
		String trimmed = text.strip();
		if (!trimmed.startsWith(PREFIX)) {
			throw new IllegalArgumentException("signing key must start with 'whsk_' followed by base64");
		}
		byte[] seed;
		try {
			seed = Base64.getDecoder().decode(trimmed.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("signing key after 'whsk_' is not valid base64");
		}
		if (seed.length != Ed25519Signature.KEY_LENGTH) {
			throw new IllegalArgumentException("signing key must decode to " + Ed25519Signature.KEY_LENGTH
					+ " bytes (an ed25519 seed), but decodes to " + seed.length);
		}
		return new Ed25519SigningKey(seed, PREFIX + trimmed.substring(PREFIX.length(), PREFIX.length() + 4) + "…");
	}

	/** The public key that verifies this key's signatures. */
	public Ed25519PublicKey publicKey() {
		return this.publicKey;
	}

	@Override
	public String reveal() {
		return PREFIX + Base64.getEncoder().encodeToString(this.seed);
	}

	@Override
	public String version() {
		return Ed25519Signature.VERSION;
	}

	byte[] sign(String msgId, String timestamp, byte[] body) {
		return Ed25519Signature.sign(this.privateKey, msgId, timestamp, body);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof Ed25519SigningKey that && Arrays.equals(this.seed, that.seed);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.seed);
	}

	@Override
	public String toString() {
		return this.masked;
	}

}
