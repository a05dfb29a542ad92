package dev.webhooks.dispatch;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A target's pause after it asked for one (429, 503, …) or said it is gone (410): until when none of its deliveries
 * is attempted. A {@code Retry-After} sets the pause; without one the pause doubles with each throttle in a row,
 * from the base pause up to the longest, and a success starts it over. Not thread-safe: its lane guards it.
 */
final class TargetThrottle {

	private final Duration basePause;

	private final Duration maxPause;

	private @Nullable Instant pausedUntil;

	/** Throttled responses since the last success. */
	private int inARow;

	TargetThrottle(Duration basePause, Duration maxPause) {
		this.basePause = basePause;
		this.maxPause = maxPause;
	}

	/**
	 * Pauses the target after a throttled response.
	 * @param retryAfter what the response asked for, or null
	 * @return when the pause ends
	 */
	Instant throttle(@Nullable Duration retryAfter, Instant now) {
		this.inARow++;
		Duration pause = (retryAfter != null && !retryAfter.isNegative()) ? retryAfter : backoff();
		if (pause.compareTo(this.maxPause) > 0) {
			pause = this.maxPause;
		}
		return pauseUntil(now.plus(pause));
	}

	/** Pauses the target until a time, unless it is already paused for longer. */
	Instant pauseUntil(Instant until) {
		Instant current = this.pausedUntil;
		if (current == null || until.isAfter(current)) {
			this.pausedUntil = until;
			return until;
		}
		return current;
	}

	/** A call succeeded: the next throttle starts from the base pause again. */
	void succeeded() {
		this.inARow = 0;
	}

	/** When the pause ends, or null when the target is not paused at {@code now}. */
	@Nullable Instant pausedUntil(Instant now) {
		Instant until = this.pausedUntil;
		return (until != null && until.isAfter(now)) ? until : null;
	}

	private Duration backoff() {
		Duration pause = this.basePause;
		for (int i = 1; i < this.inARow && pause.compareTo(this.maxPause) < 0; i++) {
			pause = pause.multipliedBy(2);
		}
		return pause;
	}

}
