package dev.webhooks.spring.actuate;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the {@link WebhooksHealthIndicator} shows of this instance's outbox relay in Kafka mode, read without
 * depending on the Kafka clients.
 */
public interface RelayStatus {

	boolean isRunning();

	/** When the relay last finished a round without error, or {@code null} before the first. */
	@Nullable Instant lastRelayAt();

	/** Why the last round failed, while rounds keep failing, else {@code null}. */
	@Nullable String lastError();

	/** Deliveries published and acknowledged since start. */
	long relayedCount();

}
