package dev.webhooks.events;

import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears of operational events. Called on the thread that raised the event (a dispatcher's worker or completer, or an
 * operation's caller): keep it quick, and hand anything slow to another thread.
 *
 * <pre>{@code
 * OperationalEventListener listener = (event) -> {
 *     if (event instanceof TargetDisabled disabled) {
 *         alerts.page("webhook target " + disabled.target() + " disabled: " + disabled.reason());
 *     }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface OperationalEventListener {

	/** Hears nothing. */
	OperationalEventListener NONE = (event) -> {
	};

	void onEvent(OperationalEvent event);

	/**
	 * Tells each listener in turn; a listener that throws is logged and the others are still told, so that no
	 * listener can break a dispatcher or an operation.
	 */
	static OperationalEventListener of(List<? extends OperationalEventListener> listeners) {
		List<OperationalEventListener> all = List.copyOf(listeners);
		Logger logger = LoggerFactory.getLogger(OperationalEventListener.class);
		return (event) -> {
			Objects.requireNonNull(event, "event");
			for (OperationalEventListener listener : all) {
				try {
					listener.onEvent(event);
				}
				catch (RuntimeException ex) {
					logger.warn("Operational event listener failed on {} for target '{}'", event.type(),
							event.target(), ex);
				}
			}
		};
	}

}
