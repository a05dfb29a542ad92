package dev.webhooks.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;

/** Tells several listeners, each protected from the others' failures. */
final class CompositeDeliveryListener implements DeliveryListener {

	private static final Logger logger = LoggerFactory.getLogger(CompositeDeliveryListener.class);

	private final List<DeliveryListener> listeners;

	CompositeDeliveryListener(List<DeliveryListener> listeners) {
		this.listeners = listeners;
	}

	@Override
	public void attemptSucceeded(Delivery delivery, DeliveryAttempt attempt) {
		each((listener) -> listener.attemptSucceeded(delivery, attempt));
	}

	@Override
	public void attemptFailed(Delivery delivery, DeliveryAttempt attempt, Instant nextAttemptAt) {
		each((listener) -> listener.attemptFailed(delivery, attempt, nextAttemptAt));
	}

	@Override
	public void deliveryFailed(Delivery delivery, DeliveryAttempt attempt) {
		each((listener) -> listener.deliveryFailed(delivery, attempt));
	}

	private void each(Consumer<DeliveryListener> call) {
		for (DeliveryListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Delivery listener {} failed", listener, ex);
			}
		}
	}

}
