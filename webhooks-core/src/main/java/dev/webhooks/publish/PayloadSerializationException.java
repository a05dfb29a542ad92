package dev.webhooks.publish;

/**
 * A message's data cannot be written as JSON. A captured change fails its transaction, or is stored as a
 * {@code FAILED} delivery, as {@code webhooks.capture.on-failure} says; a published message fails the call.
 */
public final class PayloadSerializationException extends IllegalStateException {

	PayloadSerializationException(String message, Throwable cause) {
		super(message, cause);
	}

}
