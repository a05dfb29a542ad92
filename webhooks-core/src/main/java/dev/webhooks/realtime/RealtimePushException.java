package dev.webhooks.realtime;

/**
 * A transport could not push events; logged and counted by the {@link RealtimeDispatcher}, never seen by the
 * transaction that made the change.
 */
public class RealtimePushException extends RuntimeException {

	private final int failedEvents;

	public RealtimePushException(String message) {
		this(message, -1);
	}

	/**
	 * @param failedEvents how many of the events were not sent, when the others were
	 */
	public RealtimePushException(String message, int failedEvents) {
		super(message);
		this.failedEvents = failedEvents;
	}

	public RealtimePushException(String message, Throwable cause) {
		super(message, cause);
		this.failedEvents = -1;
	}

	/** How many events were not sent, or -1 when none of them were. */
	public int failedEvents() {
		return this.failedEvents;
	}

}
