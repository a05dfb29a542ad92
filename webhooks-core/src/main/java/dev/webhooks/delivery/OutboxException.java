package dev.webhooks.delivery;

/**
 * An outbox operation (a write, a lease, a query or a command) failed in the database; the message names the operation and the cause.
 */
public class OutboxException extends RuntimeException {

	public OutboxException(String message, Throwable cause) {
		super(message, cause);
	}

}
