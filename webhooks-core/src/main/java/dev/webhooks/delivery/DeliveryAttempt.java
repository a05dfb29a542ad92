package dev.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP attempt of a delivery, as recorded.
 *
 * @param deliveryId the delivery
 * @param attemptNumber 1 for the first attempt
 * @param startedAt when the request started
 * @param duration how long until the response (or the error)
 * @param statusCode the HTTP status, or {@code null} when no response came
 * @param responseExcerpt the start of the response body, capped
 * @param error what went wrong, or {@code null} on a 2xx
 */
public record DeliveryAttempt(String deliveryId, int attemptNumber, Instant startedAt, Duration duration,
		@Nullable Integer statusCode, @Nullable String responseExcerpt, @Nullable String error) {

	/** The most response body text an attempt keeps. */
	public static final int MAX_RESPONSE_EXCERPT = 1024;

	/** The most error text an attempt or a delivery keeps. */
	public static final int MAX_ERROR = 1000;

}
