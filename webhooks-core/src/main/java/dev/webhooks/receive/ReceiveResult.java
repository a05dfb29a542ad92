package dev.webhooks.receive;

import dev.webhooks.message.WebhookMessage;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a received request: a status, and for errors a title and detail for an RFC 9457 problem.
 *
 * @param status the HTTP status
 * @param title a short, fixed summary of the problem, or {@code null} on success
 * @param detail what exactly went wrong, or {@code null} on success
 * @param message the message, once it was read
 */
public record ReceiveResult(int status, @Nullable String title, @Nullable String detail,
		@Nullable WebhookMessage message) {

	static ReceiveResult handled(WebhookMessage message) {
		return new ReceiveResult(204, null, null, message);
	}

	static ReceiveResult alreadyHandled(WebhookMessage message) {
		return new ReceiveResult(200, null, "already handled", message);
	}

	static ReceiveResult problem(int status, String title, String detail, @Nullable WebhookMessage message) {
		return new ReceiveResult(status, title, detail, message);
	}

	public boolean isSuccessful() {
		return this.status >= 200 && this.status < 300;
	}

}
