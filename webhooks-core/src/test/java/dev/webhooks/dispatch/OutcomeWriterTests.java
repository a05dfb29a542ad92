package dev.webhooks.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutcomeWriterTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final Duration AWAIT = Duration.ofSeconds(10);

	private final RecordingLeases store = new RecordingLeases();

	private final RecordingTargetStates targetStates = new RecordingTargetStates();

	private final AtomicInteger signals = new AtomicInteger();

	private OutcomeWriter writer = writer(DispatcherSettings.defaults("shop").withLeaseOwner("me"));

	@AfterEach
	void stop() {
		this.writer.stop(System.nanoTime());
	}

	@Test
	void outcomesDecidedTogetherShareOneWriteWithTheirTargetsLatestStates() {
		this.writer.add(Target.server("crm"), outcome("d1", DeliveryStatus.FAILED));
		this.writer.add(Target.server("erp"), outcome("d2", DeliveryStatus.SUCCEEDED));
		this.writer.add(Target.server("crm"), outcome("d3", DeliveryStatus.SUCCEEDED));
		assertThat(this.writer.unwritten()).isEqualTo(3);

		this.writer.start();

		await().atMost(AWAIT).until(() -> this.signals.get() == 1);
		assertThat(this.writer.unwritten()).isZero();
		assertThat(this.store.batches()).containsExactly(List.of("d1", "d2", "d3"));
		assertThat(this.targetStates.recorded()).containsExactly(Map.of(Target.server("crm"), true, Target.server("erp"), true));
	}

	@Test
	void batchesAreCappedAtTheBatchSize() {
		this.writer = writer(DispatcherSettings.defaults("shop").withLeaseOwner("me").withBatchSize(2));
		for (int i = 1; i <= 5; i++) {
			this.writer.add(Target.server("crm"), outcome("d" + i, DeliveryStatus.SUCCEEDED));
		}

		this.writer.start();

		await().atMost(AWAIT).until(() -> this.writer.unwritten() == 0);
		assertThat(this.store.batches()).containsExactly(List.of("d1", "d2"), List.of("d3", "d4"), List.of("d5"));
	}

	@Test
	void aFailedWriteIsTriedAgainUntilItSucceeds() {
		this.store.failing.set(2);
		this.writer.start();

		this.writer.add(Target.server("crm"), outcome("d1", DeliveryStatus.SUCCEEDED));

		await().atMost(AWAIT).until(() -> this.writer.unwritten() == 0);
		assertThat(this.store.calls.get()).isEqualTo(3);
		assertThat(this.store.batches()).containsExactly(List.of("d1"));
	}

	@Test
	void stoppingWritesWhatIsQueuedFirst() {
		this.writer.start();
		this.writer.add(Target.server("crm"), outcome("d1", DeliveryStatus.SUCCEEDED));

		boolean interrupted = this.writer.stop(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));

		assertThat(interrupted).isFalse();
		assertThat(this.store.batches()).containsExactly(List.of("d1"));
		assertThat(this.writer.unwritten()).isZero();
	}

	private OutcomeWriter writer(DispatcherSettings settings) {
		return new OutcomeWriter(this.store, new TargetStateRecorder(this.targetStates), settings, CLOCK,
				Duration.ofMillis(10), this.signals::incrementAndGet);
	}

	private static DeliveryOutcome outcome(String id, DeliveryStatus status) {
		return new DeliveryOutcome(new DeliveryAttempt(id, 1, NOW, Duration.ofMillis(5), 200, "", null), "me", status,
				null);
	}

	private static final class RecordingLeases implements DeliveryLeases {

		final AtomicInteger failing = new AtomicInteger();

		final AtomicInteger calls = new AtomicInteger();

		private final List<List<String>> batches = new ArrayList<>();

		@Override
		public synchronized int complete(List<DeliveryOutcome> outcomes, Instant now) {
			this.calls.incrementAndGet();
			if (this.failing.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				throw new IllegalStateException("database is down");
			}
			this.batches.add(outcomes.stream().map(DeliveryOutcome::deliveryId).toList());
			return outcomes.size();
		}

		synchronized List<List<String>> batches() {
			return List.copyOf(this.batches);
		}

		@Override
		public List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit) {
			throw new UnsupportedOperationException();
		}

		@Override
		public int release(String leaseOwner, Collection<String> deliveryIds, Instant now) {
			throw new UnsupportedOperationException();
		}

		@Override
		public int defer(String leaseOwner, Map<String, Instant> dueAtById, Instant now) {
			throw new UnsupportedOperationException();
		}

		@Override
		public int deferTarget(Target target, Instant dueAt, Instant now) {
			throw new UnsupportedOperationException();
		}

	}

	private static final class RecordingTargetStates implements TargetStates {

		private final List<Map<Target, Boolean>> recorded = new ArrayList<>();

		@Override
		public synchronized void recordAttempts(Map<Target, Boolean> succeeded, Instant at) {
			this.recorded.add(new LinkedHashMap<>(succeeded));
		}

		synchronized List<Map<Target, Boolean>> recorded() {
			return List.copyOf(this.recorded);
		}

		@Override
		public List<Target> disableFailingTargets(Instant failingBefore, Instant now) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean disableTarget(Target target, Instant now) {
			throw new UnsupportedOperationException();
		}

		@Override
		public int parkDisabledTargets(Instant now) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Map<Target, Instant> disabledTargets() {
			throw new UnsupportedOperationException();
		}

		@Override
		public int enableTarget(Target target, Instant now) {
			throw new UnsupportedOperationException();
		}

	}

}
