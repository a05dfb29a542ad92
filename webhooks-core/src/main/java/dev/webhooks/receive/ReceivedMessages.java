package dev.webhooks.receive;

/**
 * Remembers which messages were handled, so a message delivered twice (the sender timed out after the handler ran)
 * runs its handler once. Entries must outlive the sender's retry window.
 */
public interface ReceivedMessages {

	/** Keeps nothing: every delivery is handled. */
	ReceivedMessages NONE = (source, messageId) -> Claim.NEW_UNTRACKED;

	/** Takes the message for handling, unless it was handled or is being handled. */
	Claim claim(String source, String messageId);

	/** What {@link #claim} found; a {@link Status#NEW} claim must end with {@link #handled()} or {@link #release()}. */
	interface Claim {

		/** A new claim that nothing remembers. */
		Claim NEW_UNTRACKED = () -> Status.NEW;

		Status status();

		/** The handler finished: later deliveries of the message are answered as already handled. */
		default void handled() {
		}

		/** The handler failed: the message may be handled again. */
		default void release() {
		}

	}

	enum Status {

		/** First delivery: handle it. */
		NEW,

		/** Handled before: answer 2xx without handling. */
		ALREADY_HANDLED,

		/** Being handled right now by another request: answer 409 so the sender retries later. */
		IN_PROGRESS

	}

}
