package dev.webhooks.signing;

/**
 * The header names of the Standard Webhooks specification, plus the sender's id header this library adds.
 */
public final class StandardWebhookHeaders {

	/** The message id: the same on every attempt, so receivers can use it as an idempotency key. */
	public static final String WEBHOOK_ID = "webhook-id";

	/** When the attempt was made, in seconds since the epoch. */
	public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";

	/** Space-separated signatures, each {@code <version>,<base64>}. */
	public static final String WEBHOOK_SIGNATURE = "webhook-signature";

	/** The id of the sending application (not part of the specification). */
	public static final String WEBHOOK_SOURCE = "webhook-source";

	private StandardWebhookHeaders() {
	}

}
