package dev.webhooks.capture;

/**
 * Hears about every capture of an entity change, for metrics. Called in the business transaction, so
 * implementations must be fast, thread-safe and not throw.
 */
public interface CaptureObserver {

	/** An observer that does nothing. */
	CaptureObserver NONE = new CaptureObserver() {
	};

	/**
	 * A change was captured into the outbox.
	 * @param entityType the entity's name
	 * @param eventType the event type, e.g. {@code tags.created}
	 * @param deliveries how many deliveries (one per target) were written
	 */
	default void captured(String entityType, String eventType, int deliveries) {
	}

	/**
	 * A change could not be captured (its payload could not be rendered, say).
	 * @param entityType the entity's name
	 * @param eventType the event type
	 * @param cause what went wrong
	 */
	default void captureFailed(String entityType, String eventType, Throwable cause) {
	}

}
