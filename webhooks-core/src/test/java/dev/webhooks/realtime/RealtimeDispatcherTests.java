package dev.webhooks.realtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RealtimeDispatcherTests {

	@Test
	void eventsReachEveryTransportInCommitOrder() {
		List<String> first = Collections.synchronizedList(new ArrayList<>());
		List<String> second = Collections.synchronizedList(new ArrayList<>());
		try (RealtimeDispatcher dispatcher = new RealtimeDispatcher(
				List.of(recording(first), recording(second)), 100)) {
			for (int i = 1; i <= 50; i++) {
				dispatcher.dispatch(List.of(event("e" + i), event("e" + i + "b")));
			}
			await().until(() -> second.size() == 100);
			assertThat(first).isEqualTo(second);
			assertThat(first.subList(0, 4)).containsExactly("e1", "e1b", "e2", "e2b");
			assertThat(dispatcher.pushedCount()).isEqualTo(200);
		}
	}

	@Test
	void aFailingTransportIsCountedAndDoesNotStopTheOthers() {
		List<String> received = Collections.synchronizedList(new ArrayList<>());
		RealtimeTransport failing = (events) -> {
			throw new RealtimePushException("down");
		};
		try (RealtimeDispatcher dispatcher = new RealtimeDispatcher(List.of(failing, recording(received)), 10)) {
			assertThat(dispatcher.dispatch(List.of(event("a"), event("b")))).isTrue();

			await().until(() -> received.size() == 2);
			await().until(() -> dispatcher.failedCount() == 2);
			assertThat(dispatcher.pushedCount()).isEqualTo(2);
		}
	}

	@Test
	void aFullQueueDropsAndCountsInsteadOfBlockingTheCommittingThread() throws InterruptedException {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		RealtimeTransport slow = (events) -> {
			entered.countDown();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
		try (RealtimeDispatcher dispatcher = new RealtimeDispatcher(List.of(slow), 1)) {
			dispatcher.dispatch(List.of(event("taken")));
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(dispatcher.dispatch(List.of(event("queued")))).isTrue();

			assertThat(dispatcher.dispatch(List.of(event("dropped"), event("dropped too")))).isFalse();
			assertThat(dispatcher.droppedCount()).isEqualTo(2);
			release.countDown();
		}
	}

	private static RealtimeTransport recording(List<String> names) {
		return (events) -> events.forEach((event) -> names.add(event.name()));
	}

	private static RealtimeEvent event(String name) {
		return new RealtimeEvent(name, List.of("channel"), "Entity", "1", "{}", null);
	}

}
