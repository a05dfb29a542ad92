package dev.webhooks.admin;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderMaskingTests {

	@Test
	void credentialLookingHeadersKeepOnlyTheirFirstFourCharactersAndOthersStayWhole() {
		Map<String, String> masked = HeaderMasking.mask(Map.of("Authorization", "Bearer 0123456789",
				"X-Api-Key", "k_live_abcdefgh", "X-Feed-Token", "4f1c9a7b2e", "Cookie", "session=abcdef0123",
				"X-Tenant", "42", "Accept", "application/json"));
		assertThat(masked).containsExactly(Map.entry("Accept", "application/json"),
				Map.entry("Authorization", "Bear…"), Map.entry("Cookie", "sess…"), Map.entry("X-Api-Key", "k_li…"),
				Map.entry("X-Feed-Token", "4f1c…"), Map.entry("X-Tenant", "42"));
	}

	@Test
	void shortSecretsAreHiddenWhole() {
		assertThat(HeaderMasking.mask(Map.of("X-Secret", "12345678"))).containsEntry("X-Secret", "…");
	}

}
