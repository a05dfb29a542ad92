package dev.webhooks.idempotency;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StoredStatusesTests {

	@Test
	void keepsSuccessesAndClientErrorsButNotServerErrorsByDefault() {
		StoredStatuses statuses = StoredStatuses.defaults();
		assertThat(statuses.test(200)).isTrue();
		assertThat(statuses.test(299)).isTrue();
		assertThat(statuses.test(404)).isTrue();
		assertThat(statuses.test(302)).isFalse();
		assertThat(statuses.test(500)).isFalse();
		assertThat(statuses.test(503)).isFalse();
	}

	@Test
	void acceptsSingleCodesAndRanges() {
		StoredStatuses statuses = StoredStatuses.parse(List.of("201", "400-404"));
		assertThat(statuses.test(201)).isTrue();
		assertThat(statuses.test(200)).isFalse();
		assertThat(statuses.test(400)).isTrue();
		assertThat(statuses.test(404)).isTrue();
		assertThat(statuses.test(405)).isFalse();
	}

	@Test
	void rejectsWhatIsNotAStatusNamingTheEntry() {
		assertThatIllegalArgumentException().isThrownBy(() -> StoredStatuses.parse(List.of("2xx", "ok")))
			.withMessageContaining("'ok'");
		assertThatIllegalArgumentException().isThrownBy(() -> StoredStatuses.parse(List.of("404-400")))
			.withMessageContaining("'404-400'");
	}

}
