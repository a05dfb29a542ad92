package dev.webhooks.idempotency;

/**
 * The idempotency key header is present but unusable: empty, too long, or a malformed quoted string.
 */
public final class InvalidIdempotencyKeyException extends IllegalArgumentException {

	public InvalidIdempotencyKeyException(String message) {
		super(message);
	}

}
