package dev.webhooks.dispatch;

import java.time.Instant;
import java.util.List;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;

/**
 * Hears about every attempt the {@link DeliveryDispatcher} makes, for metrics or alerts. Called on the worker
 * thread right after the attempt, before its outcome is written; implementations must be fast, thread-safe and not
 * throw (exceptions are logged and ignored).
 */
public interface DeliveryListener {

	/** A listener that does nothing. */
	DeliveryListener NONE = new DeliveryListener() {
	};

	/** The target answered 2xx. */
	default void attemptSucceeded(Delivery delivery, DeliveryAttempt attempt) {
	}

	/** The attempt failed and the delivery will be tried again at {@code nextAttemptAt}. */
	default void attemptFailed(Delivery delivery, DeliveryAttempt attempt, Instant nextAttemptAt) {
	}

	/** The attempt failed and the delivery will not be tried again unless it is resent. */
	default void deliveryFailed(Delivery delivery, DeliveryAttempt attempt) {
	}

	/** A listener that tells each of the given ones in turn; one that throws does not keep the others from hearing. */
	static DeliveryListener of(List<? extends DeliveryListener> listeners) {
		List<DeliveryListener> all = List.copyOf(listeners);
		if (all.isEmpty()) {
			return NONE;
		}
		if (all.size() == 1) {
			return all.get(0);
		}
		return new CompositeDeliveryListener(all);
	}

}
