package dev.webhooks.receive;

/**
 * Remembers which messages were handled, so a message delivered twice (the sender timed out after the handler ran)
 * runs its handler once. Entries must outlive the sender's retry window.
 */
public interface ReceivedMessages {

	/** Takes the message for handling, unless it was handled or is being handled. */
	Claim claim(String source, String messageId);

	/** The handler finished: later deliveries of the message are answered as already handled. */
	void handled(String source, String messageId);

	/** The handler failed: the message may be handled again. */
	void release(String source, String messageId);

	enum Claim {

		/** First delivery: handle it. */
		NEW,

		/** Handled before: answer 2xx without handling. */
		ALREADY_HANDLED,

		/** Being handled right now by another request: answer 409 so the sender retries later. */
		IN_PROGRESS

	}

	/** Keeps nothing: every delivery is handled. */
	ReceivedMessages NONE = new ReceivedMessages() {

		@Override
		public Claim claim(String source, String messageId) {
			return Claim.NEW;
		}

		@Override
		public void handled(String source, String messageId) {
		}

		@Override
		public void release(String source, String messageId) {
		}

	};

}
