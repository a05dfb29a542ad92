package dev.webhooks.signing;

/**
 * A key that signs outgoing messages: a {@link WebhookSecret} makes a {@code v1} (HMAC-SHA256) signature, an
 * {@link Ed25519SigningKey} a {@code v1a} (ed25519) one. Printing a key never shows it.
 */
public sealed interface SigningKey permits WebhookSecret, Ed25519SigningKey {

	/** The signature version this key makes, {@code v1} or {@code v1a}. */
	String version();

	/** The key in full ({@code whsec_...} or {@code whsk_...}): for storing it, never for showing or logging it. */
	String reveal();

}
