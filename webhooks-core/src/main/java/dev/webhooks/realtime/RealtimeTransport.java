package dev.webhooks.realtime;

import java.util.List;

/**
 * Sends committed events to live clients: the built-in server-sent events channels, Pusher Channels, or your own.
 * Called off the request thread, one call per batch of committed transactions, in commit order.
 */
public interface RealtimeTransport {

	/**
	 * Sends the events.
	 * @throws RealtimePushException or any other exception when they could not be sent; it is logged and counted,
	 * the events are not retried
	 */
	void push(List<RealtimeEvent> events);

}
