package dev.webhooks.hooks;

/**
 * A replay to a new hook stopped part way, for instance because the database went away: the hook is created, the
 * deliveries already scheduled stay queued, and the message says how many.
 */
public class HookReplayException extends RuntimeException {

	private final long scheduled;

	HookReplayException(String message, long scheduled, Throwable cause) {
		super(message, cause);
		this.scheduled = scheduled;
	}

	/** The deliveries queued before the replay stopped. */
	public long scheduled() {
		return this.scheduled;
	}

}
