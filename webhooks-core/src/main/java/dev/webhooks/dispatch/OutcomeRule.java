package dev.webhooks.dispatch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

import dev.webhooks.net.PrivateAddressRefusedException;

/**
 * Turns what an attempt got, a response or an exception, into the delivery's next state: succeeded, retry at a time,
 * failed, target throttled, or target gone. A pure function of the result, the attempt number and the time (the retry policy's jitter
 * aside): no HTTP, no database, so every rule is tested on its own. The rules are data, read in order:
 * <ul>
 * <li>2xx: succeeded;</li>
 * <li>410 Gone: the target is gone; with {@code disableOnGone} the target is disabled and the delivery kept for
 * when it is enabled again, else the delivery fails without another attempt;</li>
 * <li>a throttling status (by default none; the dispatcher's {@link TargetPolicy} names 429, 502, 503, 504): the
 * whole target pauses, for its {@code Retry-After} if it sent one, and the delivery is due again after the pause
 * without the attempt counting;</li>
 * <li>any other status, or no response: retried after the {@link RetryPolicy}'s delay (a {@code Retry-After} taken
 * into account), or failed once the attempts are spent.</li>
 * </ul>
 */
public final class OutcomeRule {

	/** What each status leads to, first match wins; a status no rule matches is retried. */
	private static final List<StatusRule> STATUS_RULES = List.of(
			new StatusRule((status) -> status >= 200 && status < 300, Decision.Kind.SUCCEEDED, null),
			new StatusRule((status) -> status == 410, Decision.Kind.TARGET_GONE, "target gone"));

	/** How each kind of exception is named in the attempt's error, first match wins. */
	private static final List<ExceptionRule> EXCEPTION_RULES = List.of(
			new ExceptionRule(InterruptedIOException.class, "timeout: "),
			// says which address was refused and the property that allows it
			new ExceptionRule(PrivateAddressRefusedException.class, "private address "),
			new ExceptionRule(UnknownHostException.class, "unknown host: "),
			new ExceptionRule(SSLException.class, "tls failure: "),
			new ExceptionRule(MalformedURLException.class, "invalid URL: "));

	private final RetryPolicy retryPolicy;

	private final Set<Integer> throttleStatuses;

	private final boolean disableOnGone;

	/** Rules without throttling, where 410 fails only the delivery. */
	public OutcomeRule(RetryPolicy retryPolicy) {
		this(retryPolicy, Set.of(), false);
	}

	/**
	 * @param throttleStatuses the statuses that pause the whole target rather than count as the delivery's failure
	 * @param disableOnGone whether 410 disables the target ({@link Decision.Kind#TARGET_GONE}) rather than fail only
	 * the delivery
	 */
	public OutcomeRule(RetryPolicy retryPolicy, Set<Integer> throttleStatuses, boolean disableOnGone) {
		this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
		this.throttleStatuses = Set.copyOf(throttleStatuses);
		this.disableOnGone = disableOnGone;
	}

	/** The attempts a delivery gets in all. */
	public int maxAttempts() {
		return this.retryPolicy.maxAttempts();
	}

	/**
	 * The outcome of an attempt that got a response.
	 * @param attemptNumber the attempt, 1 for the first
	 * @param now when the attempt ended: retries are due from then
	 */
	public Decision ofResponse(int attemptNumber, TransportResponse response, Instant now) {
		int status = response.statusCode();
		if (status == 410 && !this.disableOnGone) {
			return new Decision(Decision.Kind.FAILED, null, "HTTP 410: target gone");
		}
		if (this.throttleStatuses.contains(status)) {
			// the target's state, not the delivery's failure: the dispatcher pauses the target and sets the time
			return new Decision(Decision.Kind.THROTTLED, null, "HTTP " + status + ": target throttled",
					response.retryAfter());
		}
		for (StatusRule rule : STATUS_RULES) {
			if (rule.matches().test(status)) {
				String error = (rule.reason() != null) ? "HTTP " + status + ": " + rule.reason() : null;
				return new Decision(rule.kind(), null, error);
			}
		}
		return retryOrFail(attemptNumber, "HTTP " + status, response.retryAfter(), now);
	}

	/** The outcome of an attempt that got no response (refused, reset, timed out). */
	public Decision ofException(int attemptNumber, IOException exception, Instant now) {
		return retryOrFail(attemptNumber, describe(exception), null, now);
	}

	/** The outcome of an attempt that failed before or around the send for another reason, e.g. a bug. */
	public Decision ofUnexpected(int attemptNumber, RuntimeException exception, Instant now) {
		return retryOrFail(attemptNumber, "unexpected error: " + describe(exception), null, now);
	}

	private Decision retryOrFail(int attemptNumber, String error, @Nullable Duration retryAfter, Instant now) {
		Optional<Duration> delay = this.retryPolicy.nextDelay(attemptNumber, retryAfter);
		return delay.map((wait) -> new Decision(Decision.Kind.RETRY, now.plus(wait), error))
			.orElseGet(() -> new Decision(Decision.Kind.FAILED, null, error));
	}

	/** The error text of an exception: what kind of failure it was, then its message. */
	public static String describe(Exception exception) {
		String message = String.valueOf(exception.getMessage());
		if (exception instanceof ConnectException) {
			return (mentionsRefused(exception) ? "connection refused: " : "connection failed: ") + message;
		}
		for (ExceptionRule rule : EXCEPTION_RULES) {
			if (rule.type().isInstance(exception)) {
				return rule.prefix() + message;
			}
		}
		return exception.getClass().getSimpleName() + ": " + message;
	}

	private static boolean mentionsRefused(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && message.toLowerCase(Locale.ROOT).contains("refused")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * An attempt's outcome.
	 *
	 * @param kind what happens to the delivery
	 * @param nextAttemptAt when to try again, for {@link Kind#RETRY}
	 * @param error the attempt's error, {@code null} for a success
	 * @param retryAfter what the target asked for in {@code Retry-After}, for {@link Kind#THROTTLED}
	 */
	public record Decision(Kind kind, @Nullable Instant nextAttemptAt, @Nullable String error,
			@Nullable Duration retryAfter) {

		public Decision(Kind kind, @Nullable Instant nextAttemptAt, @Nullable String error) {
			this(kind, nextAttemptAt, error, null);
		}

		/** What happens to the delivery after an attempt. */
		public enum Kind {

			/** The target took it. */
			SUCCEEDED,

			/** Tried again at {@code nextAttemptAt}. */
			RETRY,

			/** Not tried again: the attempts are spent. */
			FAILED,

			/**
			 * The target said it is gone for good (HTTP 410): it is disabled, and the delivery kept for when it is
			 * enabled again, its attempt not counted.
			 */
			TARGET_GONE,

			/**
			 * The target asked to be left alone for a while (e.g. 429, 503): the whole target pauses, and the
			 * delivery is tried again after the pause, its attempt not counted.
			 */
			THROTTLED

		}

	}

	private record StatusRule(IntPredicate matches, Decision.Kind kind, @Nullable String reason) {

	}

	private record ExceptionRule(Class<? extends Exception> type, String prefix) {

	}

}
