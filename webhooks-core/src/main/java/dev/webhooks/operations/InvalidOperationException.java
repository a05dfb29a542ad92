package dev.webhooks.operations;

/** An operation was asked for with arguments it cannot use; the message names the argument and the problem. */
public class InvalidOperationException extends IllegalArgumentException {

	public InvalidOperationException(String message) {
		super(message);
	}

}
