package dev.webhooks.hooks;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link HookService#testSend}: one signed request sent at once, outside the outbox.
 *
 * @param payload the rendered request body
 * @param statusCode the response status, when a response came
 * @param responseExcerpt the start of the response body
 * @param error why no response came, or why the payload could not be rendered
 */
public record TestSendResult(@Nullable String payload, @Nullable Integer statusCode,
		@Nullable String responseExcerpt, @Nullable String error) {

	/** Whether the target answered with a 2xx status. */
	public boolean isSuccessful() {
		return this.statusCode != null && this.statusCode >= 200 && this.statusCode < 300;
	}

}
