package dev.webhooks.signing;

import java.util.Base64;

/**
 * A new ed25519 key pair as Standard Webhooks writes it: the sender keeps {@link #secretKey()} ({@code whsk_...}),
 * the receivers get {@link #publicKey()} ({@code whpk_...}). Printing the pair shows only the public key.
 *
 * @param secretKey the secret key in full, {@code whsk_} followed by the base64 of its 32-byte seed
 * @param publicKey the public key, {@code whpk_} followed by the base64 of its 32 bytes
 */
public record SigningKeyPair(String secretKey, String publicKey) {

	/** A new random key pair. */
	public static SigningKeyPair generate() {
		byte[] seed = Ed25519Signature.newSeed();
		String secretKey = Ed25519SigningKey.PREFIX + Base64.getEncoder().encodeToString(seed);
		return new SigningKeyPair(secretKey, Ed25519SigningKey.parse(secretKey).publicKey().toString());
	}

	@Override
	public String toString() {
		return "SigningKeyPair[secretKey=" + this.secretKey.substring(0, Math.min(9, this.secretKey.length()))
				+ "…, publicKey=" + this.publicKey + "]";
	}

}
