package dev.webhooks.realtime;

/**
 * Receives the events that reach this application instance, e.g. its server-sent events subscribers.
 */
@FunctionalInterface
public interface RealtimeEventSink {

	void accept(RealtimeEvent event);

}
