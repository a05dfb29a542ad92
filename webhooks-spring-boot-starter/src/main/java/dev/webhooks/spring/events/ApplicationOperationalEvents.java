package dev.webhooks.spring.events;

import java.util.Objects;

import org.springframework.context.ApplicationEventPublisher;

import dev.webhooks.events.OperationalEvent;
import dev.webhooks.events.OperationalEventListener;

/**
 * Publishes each operational event to the application context, so that any bean hears of it with an
 * {@code @EventListener} method taking the event's type:
 *
 * <pre>{@code
 * @EventListener
 * void onDisabled(TargetDisabled event) {
 *     alerts.page("webhook target " + event.target() + " disabled: " + event.reason());
 * }
 * }</pre>
 *
 * Listeners run on the thread that raised the event (a dispatcher's worker or completer): keep them quick, or make
 * them {@code @Async}.
 */
public final class ApplicationOperationalEvents implements OperationalEventListener {

	private final ApplicationEventPublisher publisher;

	public ApplicationOperationalEvents(ApplicationEventPublisher publisher) {
		this.publisher = Objects.requireNonNull(publisher, "publisher");
	}

	@Override
	public void onEvent(OperationalEvent event) {
		this.publisher.publishEvent(event);
	}

}
