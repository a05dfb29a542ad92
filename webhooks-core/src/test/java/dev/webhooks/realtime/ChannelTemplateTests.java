package dev.webhooks.realtime;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChannelTemplateTests {

	@Test
	void placeholdersAreFilledFromTheEntityState() {
		ChannelTemplate template = ChannelTemplate.parse("private-tenant-{tenantId}-{ region }");

		assertThat(template.attributes()).containsExactly("tenantId", "region");
		assertThat(template.resolve(Map.of("tenantId", 7L, "region", "eu"))).isEqualTo("private-tenant-7-eu");
	}

	@Test
	void aNullAttributeOrAValueNoChannelMayContainLeavesTheChannelOut() {
		ChannelTemplate template = ChannelTemplate.parse("project-{name}");
		Map<String, Object> state = new HashMap<>();
		state.put("name", null);

		assertThat(template.resolve(state)).isNull();
		assertThat(template.resolve(Map.of("name", "a b"))).isNull();
	}

	@Test
	void malformedTemplatesAreRefusedWithTheReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelTemplate.parse("tenant-{}"))
			.withMessageContaining("empty placeholder");
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelTemplate.parse("tenant-{id"))
			.withMessageContaining("unclosed placeholder");
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelTemplate.parse("tenant/{id}"))
			.withMessageContaining("characters a channel name cannot have");
	}

}
