package dev.webhooks.dispatch;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one HTTP request. Implementations are thread-safe and reuse connections.
 */
public interface WebhookTransport extends AutoCloseable {

	/**
	 * Sends the request and reads at most {@link dev.webhooks.delivery.DeliveryAttempt#MAX_RESPONSE_EXCERPT}
	 * characters of the response body.
	 * @throws IOException when no HTTP response was received (refused, reset, timed out)
	 */
	TransportResponse send(WebhookRequest request) throws IOException;

	/**
	 * The longest one {@link #send} can take, when the transport bounds it. The dispatcher checks that its lease
	 * outlasts it, so that no other dispatcher takes a delivery over while it is still being sent.
	 */
	default Optional<Duration> maxCallDuration() {
		return Optional.empty();
	}

	@Override
	default void close() {
	}

}
