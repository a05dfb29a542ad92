package dev.webhooks.idempotency;

import java.time.Duration;

import dev.webhooks.idempotency.IdempotencyGuard.Decision;
import dev.webhooks.idempotency.IdempotencyGuard.InFlight;
import dev.webhooks.idempotency.IdempotencyGuard.Mismatch;
import dev.webhooks.idempotency.IdempotencyGuard.Proceed;
import dev.webhooks.idempotency.IdempotencyGuard.Replay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyGuardTests {

	private final MutableClock clock = MutableClock.startingNow();

	private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(this.clock);

	private final IdempotencyGuard guard = new IdempotencyGuard(this.store, IdempotencyPolicy.defaults());

	@Test
	void letsTheFirstRequestProceed() {
		assertThat(this.guard.begin("k", "fp")).isInstanceOf(Proceed.class);
	}

	@Test
	void refusesTheSameRequestWhileTheFirstIsRunning() {
		this.guard.begin("k", "fp");
		assertThat(this.guard.begin("k", "fp")).isInstanceOf(InFlight.class);
	}

	@Test
	void refusesADifferentRequestWithTheSameKey() {
		Proceed first = (Proceed) this.guard.begin("k", "fp");
		assertThat(this.guard.begin("k", "other")).isInstanceOf(Mismatch.class);
		first.complete(StoredResponse.of(201));
		assertThat(this.guard.begin("k", "other")).isInstanceOf(Mismatch.class);
	}

	@Test
	void replaysTheStoredResponseOfACompletedRequest() {
		Proceed first = (Proceed) this.guard.begin("k", "fp");
		assertThat(first.complete(StoredResponse.of(201))).isTrue();
		Decision repeat = this.guard.begin("k", "fp");
		assertThat(repeat).isInstanceOf(Replay.class);
		assertThat(((Replay) repeat).response()).isEqualTo(StoredResponse.of(201));
	}

	@Test
	void storesClientErrorsSoTheyReplay() {
		((Proceed) this.guard.begin("k", "fp")).complete(StoredResponse.of(404));
		assertThat(this.guard.begin("k", "fp")).isInstanceOf(Replay.class);
	}

	@Test
	void releasesTheKeyOnAServerErrorSoARetryRuns() {
		Proceed first = (Proceed) this.guard.begin("k", "fp");
		assertThat(first.complete(StoredResponse.of(503))).isFalse();
		assertThat(this.guard.begin("k", "fp")).isInstanceOf(Proceed.class);
	}

	@Test
	void releasingFreesTheKeyAndReleasingAfterCompletionDoesNothing() {
		Proceed failed = (Proceed) this.guard.begin("k", "fp");
		failed.release();
		Proceed retry = (Proceed) this.guard.begin("k", "fp");
		retry.complete(StoredResponse.of(200));
		retry.release();
		assertThat(this.guard.begin("k", "fp")).isInstanceOf(Replay.class);
	}

	@Test
	void storesOnlyTheConfiguredStatuses() {
		IdempotencyGuard onlyCreated = new IdempotencyGuard(this.store, new IdempotencyPolicy(Duration.ofHours(1),
				Duration.ofMinutes(1), StoredStatuses.parse(java.util.List.of("201"))));
		((Proceed) onlyCreated.begin("a", "fp")).complete(StoredResponse.of(200));
		assertThat(onlyCreated.begin("a", "fp")).isInstanceOf(Proceed.class);
		((Proceed) onlyCreated.begin("b", "fp")).complete(StoredResponse.of(201));
		assertThat(onlyCreated.begin("b", "fp")).isInstanceOf(Replay.class);
	}

	@Test
	void forgetsKeysAfterTheRetention() {
		((Proceed) this.guard.begin("k", "fp")).complete(StoredResponse.of(201));
		this.clock.advance(IdempotencyPolicy.DEFAULT_RETENTION);
		assertThat(this.guard.begin("k", "fp")).isInstanceOf(Proceed.class);
	}

	@Test
	void aCrashedRequestStopsBlockingAfterTheLockTimeout() {
		this.guard.begin("k", "fp");
		this.clock.advance(IdempotencyPolicy.DEFAULT_LOCK_TIMEOUT);
		assertThat(this.guard.begin("k", "fp")).isInstanceOf(Proceed.class);
	}

}
