package dev.webhooks.capture;

import java.util.List;

/**
 * Hears about every capture of an entity change, for metrics. Called in the business transaction, so
 * implementations must be fast, thread-safe and not throw.
 */
public interface CaptureObserver {

	/** An observer that does nothing. */
	CaptureObserver NONE = new CaptureObserver() {
	};

	/** One observer telling all of the given ones, in order. */
	static CaptureObserver of(List<CaptureObserver> observers) {
		List<CaptureObserver> all = List.copyOf(observers);
		if (all.isEmpty()) {
			return NONE;
		}
		if (all.size() == 1) {
			return all.get(0);
		}
		return new CaptureObserver() {

			@Override
			public void captured(String entityType, String eventType, int deliveries) {
				all.forEach((observer) -> observer.captured(entityType, eventType, deliveries));
			}

			@Override
			public void captureFailed(String entityType, String eventType, Throwable cause) {
				all.forEach((observer) -> observer.captureFailed(entityType, eventType, cause));
			}

		};
	}

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
