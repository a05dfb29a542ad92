package dev.webhooks.realtime.pusher;

import dev.webhooks.realtime.RealtimePushException;

/**
 * An event's data is larger than Pusher accepts (10 KB unless the plan allows more).
 */
public class PusherMessageTooLargeException extends RealtimePushException {

	public PusherMessageTooLargeException(String message, int failedEvents) {
		super(message, failedEvents);
	}

}
