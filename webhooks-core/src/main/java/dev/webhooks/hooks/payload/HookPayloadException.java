package dev.webhooks.hooks.payload;

/**
 * A hook's payload could not be rendered when a change was captured (a serializer failed or is missing). By default
 * it fails the business transaction, so no change goes unannounced.
 */
public class HookPayloadException extends RuntimeException {

	public HookPayloadException(String message) {
		super(message);
	}

	public HookPayloadException(String message, Throwable cause) {
		super(message, cause);
	}

}
