package dev.webhooks.hooks.match;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	private boolean matches(String field, String operator, String value) {
		return MatchFilter.compile(List.of(new MatchCondition(field, operator, value))).matches(this.instance);
	}

}
