package dev.webhooks.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.idempotency.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class TargetLanesTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final Target SLOW = Target.server("slow");

	private static final Target FAST = Target.hook("fast");

	private final MutableClock clock = new MutableClock(NOW);

	private final TargetLanes lanes = new TargetLanes(
			TargetPolicy.defaults().withLimits((target) -> TargetLimits.concurrency(2)), this.clock, "dispatcher-a");

	private int number;

	@Test
	void aLaneThatHasNotTimedACallIsLeftOutOfClaimsOnceItHoldsARoundBeyondItsCap() {
		List<Delivery> running = admit(SLOW, 3);
		assertThat(running).hasSize(2);
		assertThat(full()).isEmpty();
		admit(SLOW, 1);
		assertThat(full()).containsExactly(SLOW);
		assertThat(admit(FAST, 1)).hasSize(1);
		assertThat(full()).containsExactly(SLOW);
	}

	@Test
	void aLaneLeftOutAsksForAClaimOnceItHasRoomAgain() {
		List<Delivery> running = admit(SLOW, 4);
		assertThat(full()).containsExactly(SLOW);
		TargetLanes.Steps steps = this.lanes.finished(running.get(0), TargetLanes.TargetSignal.SUCCEEDED,
				Duration.ofMillis(1).toNanos());
		assertThat(steps.toRun()).hasSize(1);
		assertThat(steps.claimAgain()).isTrue();
		assertThat(full()).isEmpty();
	}

	@Test
	void aLaneThatWasNotLeftOutDoesNotAskForAClaim() {
		List<Delivery> running = admit(SLOW, 2);
		TargetLanes.Steps steps = this.lanes.finished(running.get(0), TargetLanes.TargetSignal.SUCCEEDED,
				Duration.ofMillis(1).toNanos());
		assertThat(steps.claimAgain()).isFalse();
	}

	@Test
	void aPausedTargetIsLeftOutOfClaimsUntilItsPauseEnds() {
		admit(SLOW, 1);
		this.lanes.throttle(SLOW, Duration.ofSeconds(2));
		assertThat(full()).containsExactly(SLOW);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(full()).isEmpty();
	}

	@Test
	void answersOfGoneDoNotOpenTheCircuitSoThatAnEnabledTargetIsSentToAtOnce() {
		for (int i = 0; i < 25; i++) {
			for (Delivery running : admit(SLOW, 1)) {
				this.lanes.finished(running, TargetLanes.TargetSignal.GONE, Duration.ofMillis(1).toNanos());
			}
		}
		assertThat(this.lanes.states()).singleElement()
			.satisfies((state) -> assertThat(state.circuit()).isEqualTo("CLOSED"));
		assertThat(full()).isEmpty();
		for (int i = 0; i < 25; i++) {
			for (Delivery running : admit(FAST, 1)) {
				this.lanes.finished(running, TargetLanes.TargetSignal.FAILED, Duration.ofMillis(1).toNanos());
			}
		}
		assertThat(full()).containsExactly(FAST);
	}

	private Set<Target> full() {
		return this.lanes.full((ignored) -> {
		});
	}

	private List<Delivery> admit(Target target, int count) {
		List<Delivery> running = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			running.addAll(this.lanes.admit(delivery(target)).toRun());
		}
		return running;
	}

	private Delivery delivery(Target target) {
		String id = "msg_" + (++this.number);
		return new Delivery(id, target, "https://example.com/hooks", "POST", Map.of(), "order.created", null, null,
				"{}", DeliveryStatus.IN_FLIGHT, 1, NOW, "dispatcher-a", NOW.plusSeconds(60), null, null, NOW, NOW, null,
				Map.of(), null);
	}

}
