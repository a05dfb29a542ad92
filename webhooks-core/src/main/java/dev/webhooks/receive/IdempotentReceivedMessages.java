package dev.webhooks.receive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import dev.webhooks.idempotency.Claim.Acquired;
import dev.webhooks.idempotency.Claim.Existing;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.StoredResponse;

/**
 * Remembers handled messages in an {@link IdempotencyStore} (the same JDBC, Redis, cache or memory store that guards
 * idempotency keys), keyed by sender and {@code webhook-id}. Claiming is atomic in the store, so two deliveries of one
 * message on two instances never both run the handler.
 */
public final class IdempotentReceivedMessages implements ReceivedMessages {

	private final IdempotencyStore store;

	private final Duration retention;

	private final Duration lockTimeout;

	/**
	 * @param retention how long a handled message is remembered; longer than the sender's retry window
	 * @param lockTimeout how long a message being handled blocks redeliveries if its handling never ends (a crash)
	 */
	public IdempotentReceivedMessages(IdempotencyStore store, Duration retention, Duration lockTimeout) {
		this.store = store;
		this.retention = retention;
		this.lockTimeout = lockTimeout;
	}

	@Override
	public Claim claim(String source, String messageId) {
		String key = key(source, messageId);
		dev.webhooks.idempotency.Claim claim = this.store.claim(key, messageId, this.lockTimeout, this.retention);
		if (claim instanceof Acquired acquired) {
			return new NewClaim(key, acquired.owner());
		}
		Existing existing = (Existing) claim;
		Status status = existing.record().completed() ? Status.ALREADY_HANDLED : Status.IN_PROGRESS;
		return () -> status;
	}

	// keys are printable ASCII of at most 255 characters; ids come from the sender, so hash them
	static String key(String source, String messageId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((source + "\n" + messageId).getBytes(StandardCharsets.UTF_8));
			return "webhook:" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private final class NewClaim implements Claim {

		private final String key;

		private final String owner;

		NewClaim(String key, String owner) {
			this.key = key;
			this.owner = owner;
		}

		@Override
		public Status status() {
			return Status.NEW;
		}

		@Override
		public void handled() {
			IdempotentReceivedMessages.this.store.complete(this.key, this.owner, StoredResponse.of(204),
					IdempotentReceivedMessages.this.retention);
		}

		@Override
		public void release() {
			IdempotentReceivedMessages.this.store.release(this.key, this.owner);
		}

	}

}
