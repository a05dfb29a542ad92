package dev.webhooks.dispatch;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What came back.
 *
 * @param statusCode the HTTP status
 * @param retryAfter the delay asked by a {@code Retry-After} header, if any
 * @param bodyExcerpt the start of the body, capped
 */
public record TransportResponse(int statusCode, @Nullable Duration retryAfter, String bodyExcerpt) {

	public boolean isSuccessful() {
		return this.statusCode >= 200 && this.statusCode < 300;
	}

}
