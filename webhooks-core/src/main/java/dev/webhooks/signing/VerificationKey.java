package dev.webhooks.signing;

/**
 * A key that verifies incoming messages: a {@link WebhookSecret} checks {@code v1} signatures, an
 * {@link Ed25519PublicKey} checks {@code v1a} ones.
 */
public sealed interface VerificationKey permits WebhookSecret, Ed25519PublicKey {

	/** The signature version this key checks, {@code v1} or {@code v1a}. */
	String version();

}
