package dev.webhooks.hooks;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.webhooks.hooks.payload.HookPayloadSerializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HookValidatorLimitsTests {

	private static final String URL = "https://93.184.216.34/hooks";

	private final HookValidator validator = new HookValidator(new EntityTypes(Map.of("Customer", Set.of("id"))),
			Set.of(), HookPayloadSerializers.of(Map.of()), false);

	@Test
	void aHookWithoutLimitsKeepsThemUnsetForTheDispatchersDefaults() {
		HookDefinition valid = this.validator.validate(HookDefinition.builder("crm", "Customer", URL).build());

		assertThat(valid.maxConcurrency()).isNull();
		assertThat(valid.rateLimit()).isNull();
		assertThat(valid.burst()).isNull();
	}

	@Test
	void limitsWithinTheirBoundsAreKept() {
		HookDefinition valid = this.validator.validate(HookDefinition.builder("crm", "Customer", URL)
			.maxConcurrency(2)
			.rateLimit(0.5, 3)
			.build());

		assertThat(valid.maxConcurrency()).isEqualTo(2);
		assertThat(valid.rateLimit()).isEqualTo(0.5);
		assertThat(valid.burst()).isEqualTo(3);
		assertThat(this.validator.validate(HookDefinition.builder("crm", "Customer", URL)
			.maxConcurrency(HookValidator.MAX_CONCURRENCY)
			.rateLimit(HookValidator.MAX_RATE_LIMIT, HookValidator.MAX_BURST)
			.build())
			.maxConcurrency()).isEqualTo(HookValidator.MAX_CONCURRENCY);
	}

	@Test
	void aMaxConcurrencyOutsideOneToTheLimitIsRefusedNamingTheField() {
		assertRefused(HookDefinition.builder("crm", "Customer", URL).maxConcurrency(0).build(), "maxConcurrency",
				"must be between 1 and 1000, but is 0");
		assertRefused(HookDefinition.builder("crm", "Customer", URL).maxConcurrency(1001).build(), "maxConcurrency",
				"must be between 1 and 1000, but is 1001");
	}

	@Test
	void aRateLimitOfZeroOrLessOrTooHighIsRefusedNamingTheField() {
		assertRefused(HookDefinition.builder("crm", "Customer", URL).rateLimit(0).build(), "rateLimit",
				"must be greater than 0");
		assertRefused(HookDefinition.builder("crm", "Customer", URL).rateLimit(-1).build(), "rateLimit",
				"but is -1.0");
		assertRefused(HookDefinition.builder("crm", "Customer", URL).rateLimit(Double.NaN).build(), "rateLimit",
				"but is NaN");
		assertRefused(HookDefinition.builder("crm", "Customer", URL).rateLimit(100_001).build(), "rateLimit",
				"at most 100000 requests per second");
	}

	@Test
	void aBurstNeedsARateLimitAndFitsItsBounds() {
		assertRefused(HookDefinition.builder("crm", "Customer", URL).burst(5).build(), "burst",
				"needs rateLimit");
		assertRefused(HookDefinition.builder("crm", "Customer", URL).rateLimit(10, 0).build(), "burst",
				"must be between 1 and 1000, but is 0");
	}

	@Test
	void everyBadLimitIsReportedTogether() {
		assertThatExceptionOfType(InvalidHookException.class)
			.isThrownBy(() -> this.validator.validate(HookDefinition.builder("crm", "Customer", URL)
				.maxConcurrency(-1)
				.rateLimit(-2, 0)
				.build()))
			.satisfies((ex) -> assertThat(ex.errors()).extracting(InvalidHookException.FieldError::field)
				.containsExactly("maxConcurrency", "rateLimit", "burst"));
	}

	private void assertRefused(HookDefinition definition, String field, String message) {
		assertThatExceptionOfType(InvalidHookException.class).isThrownBy(() -> this.validator.validate(definition))
			.satisfies((ex) -> assertThat(ex.errors()).singleElement().satisfies((error) -> {
				assertThat(error.field()).isEqualTo(field);
				assertThat(error.message()).contains(message);
			}));
	}

}
