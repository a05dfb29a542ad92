package dev.webhooks.hooks;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * Which past events a new hook is sent on creation: those of the last {@code days} days, or those since a time.
 * The window ends where the hook starts firing on its own, at its creation.
 * <pre>{@code
 * hooks.create(definition, ReplayWindow.days(7));
 * hooks.create(definition, ReplayWindow.since(Instant.parse("2026-11-01T00:00:00Z")));
 * }</pre>
 *
 * @param days the number of days back from the creation; {@code null} when {@code since} is given
 * @param since the first time replayed; {@code null} when {@code days} is given
 */
public record ReplayWindow(@Nullable Integer days, @Nullable Instant since) {

	/** The most days a replay may reach back: more than any retention worth keeping. */
	public static final int MAX_DAYS = 3650;

	public static ReplayWindow days(int days) {
		return new ReplayWindow(days, null);
	}

	public static ReplayWindow since(Instant since) {
		return new ReplayWindow(null, since);
	}

	/**
	 * Reads a window from request parameters, as given: either, neither or (refused) both.
	 * @return the window; {@code null} when neither is given
	 * @throws InvalidHookException naming the parameter when a value does not parse, both are given, days are not
	 * positive, or the time is in the future
	 */
	public static @Nullable ReplayWindow parse(@Nullable String days, @Nullable String since, Instant now) {
		boolean hasDays = days != null && !days.isBlank();
		boolean hasSince = since != null && !since.isBlank();
		if (!hasDays && !hasSince) {
			return null;
		}
		if (hasDays && hasSince) {
			throw new InvalidHookException("replay",
					"give replayDays or replaySince, not both (replayDays=" + days + ", replaySince=" + since + ")");
		}
		ReplayWindow window;
		if (hasDays) {
			try {
				window = days(Integer.parseInt(days.strip()));
			}
			catch (NumberFormatException ex) {
				throw new InvalidHookException("replayDays", "'" + days + "' is not a whole number of days");
			}
		}
		else {
			try {
				window = since(Instant.parse(since.strip()));
			}
			catch (DateTimeParseException ex) {
				throw new InvalidHookException("replaySince",
						"'" + since + "' is not an ISO-8601 instant such as 2026-11-21T08:30:00Z");
			}
		}
		window.check(now);
		return window;
	}

	/**
	 * Checks the window against the time of the creation.
	 * @throws InvalidHookException naming the bad value
	 */
	public void check(Instant now) {
		if (this.days != null && this.since != null) {
			throw new InvalidHookException("replay",
					"give replayDays or replaySince, not both (replayDays=" + this.days + ", replaySince=" + this.since
							+ ")");
		}
		if (this.days == null && this.since == null) {
			throw new InvalidHookException("replay", "give replayDays or replaySince");
		}
		if (this.days != null && (this.days < 1 || this.days > MAX_DAYS)) {
			throw new InvalidHookException("replayDays",
					"must be between 1 and " + MAX_DAYS + " days, but is " + this.days);
		}
		if (this.since != null && this.since.isAfter(now)) {
			throw new InvalidHookException("replaySince", this.since + " is in the future (now is " + now + ")");
		}
	}

	/** The first time replayed, for a hook created at {@code now}. */
	public Instant start(Instant now) {
		return (this.since != null) ? this.since : now.minus(Duration.ofDays(this.days));
	}

}
