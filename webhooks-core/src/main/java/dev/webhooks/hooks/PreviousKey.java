package dev.webhooks.hooks;

import java.time.Instant;
import java.util.Objects;

import dev.webhooks.signing.SigningKey;

/**
 * A hook's secret or signing key replaced by a rotation, still signing beside the new one until it expires, so
 * receivers that have not switched yet keep accepting the hook's requests. Printing it masks the key.
 *
 * @param key the old secret ({@code v1}) or ed25519 signing key ({@code v1a})
 * @param expiresAt when it stops signing
 */
public record PreviousKey(SigningKey key, Instant expiresAt) {

	public PreviousKey {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(expiresAt, "expiresAt");
	}

	/** Whether it still signs at the given time. */
	public boolean signsAt(Instant now) {
		return this.expiresAt.isAfter(now);
	}

}
