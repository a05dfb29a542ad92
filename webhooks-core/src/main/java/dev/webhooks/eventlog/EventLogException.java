package dev.webhooks.eventlog;

/**
 * An event could not be written to or read from the event log; the message says which and why.
 */
public class EventLogException extends RuntimeException {

	public EventLogException(String message, Throwable cause) {
		super(message, cause);
	}

}
