package dev.webhooks.dispatch;

import java.io.IOException;

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

	@Override
	default void close() {
	}

}
