package dev.webhooks.hooks.match;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class MatchFilterTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final JsonNode instance = this.json
		.readTree("{\"name\": \"Springfield\", \"count\": 3, \"flag\": true, \"none\": null, \"nested\": {\"v\": \"abc\"}}");

	@Test
	void eachOperatorComparesStringFields() {
		assertThat(matches("name", "equals", "Springfield")).isTrue();
		assertThat(matches("name", "equals", "springfield")).as("case-sensitive").isFalse();
		assertThat(matches("name", "starts-with", "Spring")).isTrue();
		assertThat(matches("name", "ends-with", "field")).isTrue();
		assertThat(matches("name", "contains", "ngfi")).isTrue();
		assertThat(matches("name", "regex", "f[aeiou]eld")).isTrue();
		assertThat(matches("name", "regex", "^field")).isFalse();
		assertThat(matches("nested.v", "equals", "abc")).isTrue();
	}

	@Test
	void missingNullAndNonStringFieldsNeverMatchExceptAny() {
		for (String field : List.of("absent", "none", "count", "flag", "nested", "name.deeper")) {
			for (String operator : List.of("equals", "starts-with", "ends-with", "contains", "regex")) {
				assertThat(matches(field, operator, "")).as(field + " " + operator).isFalse();
			}
			assertThat(matches(field, "any", null)).as(field + " any").isTrue();
		}
	}

	@Test
	void operatorNamesAcceptUnderscoresAndAnyCase() {
		assertThat(matches("name", "STARTS_WITH", "Spring")).isTrue();
	}

	@Test
	void invalidConditionsNameTheirIndexAndPart() {
		assertThatExceptionOfType(MatchFilter.InvalidConditionException.class)
			.isThrownBy(() -> MatchFilter.compile(List.of(new MatchCondition("name", "any", null),
					new MatchCondition("name", "regex", "[a-"))))
			.satisfies((ex) -> assertThat(ex.fieldName()).isEqualTo("match[1].value"));
		assertThatExceptionOfType(MatchFilter.InvalidConditionException.class)
			.isThrownBy(() -> MatchFilter.compile(List.of(new MatchCondition("name", "equals", null))))
			.satisfies((ex) -> assertThat(ex.getMessage()).isEqualTo("is required for equals"));
		assertThatExceptionOfType(MatchFilter.InvalidConditionException.class)
			.isThrownBy(() -> MatchFilter.compile(List.of(new MatchCondition("a b", "equals", "x"))))
			.satisfies((ex) -> assertThat(ex.fieldName()).isEqualTo("match[0].field"));
	}

	@Test
	void regexesMatchAsDocumented() {
		assertThat(matches("name", "regex", "^S.*d$")).isTrue();
		assertThat(matches("name", "regex", "(?i)^SPRING")).isTrue();
		assertThat(matches("name", "regex", "^spring")).isFalse();
		assertThat(matches("name", "regex", "\\w+fi(?:e|a)ld\\b")).isTrue();
		assertThat(matches("name", "regex", "^(?P<first>S)pr")).isTrue();
		assertThat(matches("nested.v", "regex", "^[a-c]{3}$")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "((a+)+)\\2b", "(?=a)a", "(?<!b)a", "a++b", "(?>a+)b" })
	void refusesBacktrackingOnlyConstructsNamingTheCondition(String regex) {
		assertThatExceptionOfType(MatchFilter.InvalidConditionException.class)
			.isThrownBy(() -> MatchFilter.compile(List.of(new MatchCondition("name", "any", null),
					new MatchCondition("name", "regex", regex))))
			.satisfies((ex) -> assertThat(ex.fieldName()).isEqualTo("match[1].value"))
			.withMessageStartingWith("is not a valid regular expression: ")
			.withMessageContaining("backreferences, lookaround or possessive quantifiers");
	}

	@Test
	void refusesARegexThatCompilesToMoreInstructionsThanTheLimit() {
		assertThatExceptionOfType(MatchFilter.InvalidConditionException.class)
			.isThrownBy(() -> MatchFilter.compile(List.of(new MatchCondition("name", "regex", "(a|b|c){1,1000}z"))))
			.satisfies((ex) -> assertThat(ex.fieldName()).isEqualTo("match[0].value"))
			.withMessageStartingWith("is too complex a regular expression: it compiles to ")
			.withMessageContaining("at most 200 are allowed");
		assertThat(MatchFilter.compile(List.of(new MatchCondition("name", "regex", "^[a-z0-9._%+-]+@[a-z0-9.-]+$"))))
			.isNotNull();
	}

	@Test
	void nestedQuantifiersMatchALongTextWithoutBacktracking() {
		// a backtracking engine tries exponentially many ways to split these a's before failing on the final '!'
		JsonNode longName = this.json.createObjectNode().put("name", "a".repeat(100_000) + "!");
		List<MatchFilter> filters = List.of("(a+)+b", "(a|aa)+$", "^(a*)*b", "(.*a){20}b", "^(\\w+\\s?)*$")
			.stream()
			.map((regex) -> MatchFilter.compile(List.of(new MatchCondition("name", "regex", regex))))
			.toList();
		// a guard against a hang, far above the milliseconds linear matching takes
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
			for (MatchFilter filter : filters) {
				assertThat(filter.matches(longName)).isFalse();
			}
		});
		assertThat(MatchFilter.compile(List.of(new MatchCondition("name", "regex", "(a+)+!$"))).matches(longName))
			.isTrue();
	}

	private boolean matches(String field, String operator, String value) {
		return MatchFilter.compile(List.of(new MatchCondition(field, operator, value))).matches(this.instance);
	}

}
