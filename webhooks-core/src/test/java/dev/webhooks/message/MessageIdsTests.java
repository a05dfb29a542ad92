package dev.webhooks.message;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTests {

	@Test
	void idsAreUniqueAndShapedLikeStandardWebhooksMessageIds() {
		Set<String> ids = new HashSet<>();
		Instant now = Instant.parse("2026-11-21T10:00:00Z");
		for (int i = 0; i < 10_000; i++) {
			ids.add(MessageIds.next(now));
		}
		assertThat(ids).hasSize(10_000).allMatch((id) -> id.matches("msg_[0-9A-HJKMNP-TV-Z]{26}"));
	}

	@Test
	void laterIdsSortAfterEarlierOnes() {
		String earlier = MessageIds.next(Instant.parse("2026-11-21T10:00:00Z"));
		String later = MessageIds.next(Instant.parse("2026-11-21T10:00:00.001Z"));
		assertThat(later).isGreaterThan(earlier);
	}

}
