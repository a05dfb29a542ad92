package dev.webhooks.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;

import static org.assertj.core.api.Assertions.assertThat;

/** How a lane takes new limits while it is busy: at once when the policy's limits version moves. */
class TargetLanesLimitsTests {

	private static final Target HOOK = Target.hook("h1");

	private final AtomicReference<TargetLimits> limits = new AtomicReference<>(TargetLimits.concurrency(2));

	private final AtomicLong version = new AtomicLong();

	private final List<Delivery> running = new ArrayList<>();

	private int next;

	@Test
	void aBusyLaneKeepsItsLimitsUntilTheVersionMovesAndThenRaisesItsCapAtOnce() {
		TargetLanes lanes = lanes();
		admit(lanes, 3);
		assertThat(this.running).hasSize(2);

		this.limits.set(TargetLimits.concurrency(4));
		admit(lanes, 1);
		assertThat(this.running).as("same version: the busy lane reads nothing").hasSize(2);

		this.version.incrementAndGet();
		admit(lanes, 1);
		assertThat(this.running).as("new version: up to the new cap").hasSize(4);
		assertThat(inFlight(lanes)).isEqualTo(4);
		assertThat(lanes.states().get(0).maxConcurrency()).isEqualTo(4);
	}

	@Test
	void aLoweredCapLetsTheCallsInFlightFinishAndStartsNoMoreUntilBelowIt() {
		this.limits.set(TargetLimits.concurrency(3));
		TargetLanes lanes = lanes();
		admit(lanes, 4);
		assertThat(this.running).hasSize(3);

		this.limits.set(TargetLimits.concurrency(1));
		this.version.incrementAndGet();
		for (int i = 0; i < 2; i++) {
			TargetLanes.Steps steps = lanes.finished(this.running.get(i), TargetLanes.TargetSignal.SUCCEEDED, 1_000_000);
			assertThat(steps.toRun()).as("finished call " + i).isEmpty();
		}
		assertThat(inFlight(lanes)).isEqualTo(1);
		assertThat(lanes.finished(this.running.get(2), TargetLanes.TargetSignal.SUCCEEDED, 1_000_000).toRun())
			.as("below the new cap of 1")
			.hasSizeLessThanOrEqualTo(1);
		assertThat(inFlight(lanes)).isLessThanOrEqualTo(1);
	}

	@Test
	void aRateLimitAddedAtRuntimeHoldsTheNextRequests() {
		this.limits.set(TargetLimits.concurrency(100));
		TargetLanes lanes = lanes();
		admit(lanes, 3);
		assertThat(this.running).hasSize(3);

		this.limits.set(TargetLimits.concurrency(100).withRate(0.5, 1));
		this.version.incrementAndGet();
		admit(lanes, 3);
		assertThat(this.running).as("one token to start with, the next in two seconds").hasSize(4);
		assertThat(lanes.states().get(0).ratePerSecond()).isEqualTo(0.5);
	}

	private TargetLanes lanes() {
		TargetPolicy policy = TargetPolicy.shared().withLimits((target) -> this.limits.get(), this.version::get);
		return new TargetLanes(policy, Clock.systemUTC(), "test");
	}

	private void admit(TargetLanes lanes, int count) {
		for (int i = 0; i < count; i++) {
			this.running.addAll(lanes.admit(delivery("d" + (this.next++))).toRun());
		}
	}

	private static int inFlight(TargetLanes lanes) {
		return lanes.states().get(0).inFlight();
	}

	private static Delivery delivery(String id) {
		Instant now = Instant.now();
		return new Delivery(id, HOOK, "https://example.com/hooks", "POST", Map.of(), "customer.created", null, null,
				"{}", DeliveryStatus.IN_FLIGHT, 0, now, "test", now.plusSeconds(60), null, null, now, now, null);
	}

}
