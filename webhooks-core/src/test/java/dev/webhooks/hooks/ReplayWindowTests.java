package dev.webhooks.hooks;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReplayWindowTests {

	private static final Instant NOW = Instant.parse("2026-11-21T08:30:00Z");

	@Test
	void neitherParameterMeansNoReplay() {
		assertThat(ReplayWindow.parse(null, null, NOW)).isNull();
		assertThat(ReplayWindow.parse(" ", "", NOW)).isNull();
	}

	@Test
	void daysCountBackFromTheCreationAndSinceIsTakenAsGiven() {
		assertThat(ReplayWindow.parse("7", null, NOW).start(NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
		assertThat(ReplayWindow.parse(null, "2026-11-01T00:00:00Z", NOW).start(NOW))
			.isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
		assertThat(ReplayWindow.parse(null, NOW.toString(), NOW).start(NOW)).as("now is not the future").isEqualTo(NOW);
	}

	@Test
	void badValuesAreRefusedNamingTheParameter() {
		assertRefused("-3", null, "replayDays: must be between 1 and 3650 days, but is -3");
		assertRefused("0", null, "replayDays: must be between 1 and 3650 days, but is 0");
		assertRefused("3651", null, "replayDays: must be between 1 and 3650 days, but is 3651");
		assertRefused("a week", null, "replayDays: 'a week' is not a whole number of days");
		assertRefused(null, "2026-11-21T08:30:01Z",
				"replaySince: 2026-11-21T08:30:01Z is in the future (now is 2026-11-21T08:30:00Z)");
		assertRefused(null, "yesterday",
				"replaySince: 'yesterday' is not an ISO-8601 instant such as 2026-11-21T08:30:00Z");
		assertRefused("7", "2026-11-01T00:00:00Z",
				"replay: give replayDays or replaySince, not both (replayDays=7, replaySince=2026-11-01T00:00:00Z)");
		assertThatExceptionOfType(InvalidHookException.class)
			.isThrownBy(() -> new ReplayWindow(7, NOW).check(NOW))
			.withMessageContaining("not both");
	}

	private static void assertRefused(String days, String since, String message) {
		assertThatExceptionOfType(InvalidHookException.class).isThrownBy(() -> ReplayWindow.parse(days, since, NOW))
			.satisfies((ex) -> assertThat(ex.getMessage()).isEqualTo(message));
	}

}
