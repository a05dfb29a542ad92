package dev.webhooks.delivery;

/**
 * A {@link DeliveryStore} operation failed in the database; the message names the operation and the cause.
 */
public class DeliveryStoreException extends RuntimeException {

	public DeliveryStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
