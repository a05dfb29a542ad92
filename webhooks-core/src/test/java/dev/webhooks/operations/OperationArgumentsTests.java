package dev.webhooks.operations;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OperationArgumentsTests {

	private static final Instant NOW = Instant.parse("2026-03-29T10:00:00Z");

	@ParameterizedTest
	@ValueSource(strings = { "+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
			"0999-12-31T23:59:59Z", "PT9223372036854775807S", "P-3000000D", "PT-9223372036854775808S",
			"P400000D" })
	void aFromAtTheEdgesOfInstantIsRefusedNamingTheArgument(String from) {
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> parse(Map.of("from", from)))
			.withMessage("from '" + from + "' is outside the supported range 1000-01-01T00:00:00Z to "
					+ "9999-12-31T23:59:59Z");
	}

	@Test
	void aFromWithinTheRangeOfEveryDatabaseIsRead() {
		assertThat(parse(Map.of("from", "1000-01-01T00:00:00Z")).from()).isEqualTo(OperationArguments.EARLIEST);
		assertThat(parse(Map.of("from", "9999-12-31T23:59:59Z")).from()).isEqualTo(OperationArguments.LATEST);
		assertThat(parse(Map.of("from", "P1D")).from()).isEqualTo(Instant.parse("2026-03-28T10:00:00Z"));
	}

	@Test
	void minutesAndDaysThatReachBackBeforeTheEarliestTimeAreRefused() {
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> parse(Map.of("minutes", String.valueOf(Integer.MAX_VALUE))))
			.withMessage("minutes 2147483647 reaches back before 1000-01-01T00:00:00Z");
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> parse(Map.of("older-than-days", String.valueOf(Integer.MAX_VALUE))))
			.withMessage("older-than-days 2147483647 reaches back before 1000-01-01T00:00:00Z");
		assertThat(parse(Map.of("minutes", "525600", "older-than-days", "36500")).minutes()).isEqualTo(525600);
	}

	@Test
	void anInstantNamesItsArgumentWhenItCannotBeReadOrIsOutOfRange() {
		assertThat(OperationArguments.instant("from", " 2026-11-21T08:30:00Z "))
			.isEqualTo(Instant.parse("2026-11-21T08:30:00Z"));
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> OperationArguments.instant("to", "tomorrow"))
			.withMessage("to 'tomorrow' is not an ISO-8601 instant such as 2026-11-21T08:30:00Z");
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> OperationArguments.instant("from", "+1000000000-01-01T00:00:00Z"))
			.withMessageStartingWith("from '+1000000000-01-01T00:00:00Z' is outside the supported range");
	}

	private static OperationArguments parse(Map<String, String> values) {
		return OperationArguments.parse(values::get, NOW);
	}

}
