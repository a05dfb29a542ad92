package dev.webhooks.signing;

/**
 * An incoming message failed verification; {@link #reason()} says which check failed.
 */
public class SignatureVerificationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	public SignatureVerificationException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Which check failed. */
	public enum Reason {

		/** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is absent or empty. */
		MISSING_HEADERS,

		/** {@code webhook-timestamp} is not a number of seconds. */
		INVALID_TIMESTAMP,

		/** {@code webhook-timestamp} is too old, or too far in the future, for the tolerance. */
		STALE_TIMESTAMP,

		/** No signature in the header matches any of the keys ({@code v1} with a secret, {@code v1a} with a public key). */
		NO_MATCHING_SIGNATURE

	}

}
