package dev.webhooks.autoconfigure.operations;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RepeatingTaskTests {

	@Test
	void aFailingRunIsLoggedAndTheTaskRunsAgainNextTime() {
		AtomicInteger runs = new AtomicInteger();
		RepeatingTask task = new RepeatingTask("outbox-purge", Duration.ofHours(1), () -> {
			if (runs.incrementAndGet() == 1) {
				throw new IllegalStateException("database is down");
			}
		});
		assertThatNoException().isThrownBy(task::run);
		task.run();
		assertThat(runs).hasValue(2);
	}

	@Test
	void startsAndStopsItsThreadWithTheApplication() {
		RepeatingTask task = new RepeatingTask("outbox-purge", Duration.ofHours(1), () -> {
		});
		assertThat(task.isRunning()).isFalse();
		task.start();
		assertThat(task.isRunning()).isTrue();
		task.stop();
		assertThat(task.isRunning()).isFalse();
	}

}
