package dev.webhooks.dispatch;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * When to try a failed attempt again.
 */
public interface RetryPolicy {

	/**
	 * The delay before the next attempt, or empty when {@code attemptNumber} was the last one.
	 * @param attemptNumber the attempt that just failed, 1 for the first
	 * @param retryAfter what the target asked for with {@code Retry-After}, if anything
	 */
	Optional<Duration> nextDelay(int attemptNumber, @Nullable Duration retryAfter);

	/** How many attempts a delivery gets in all. */
	int maxAttempts();

}
