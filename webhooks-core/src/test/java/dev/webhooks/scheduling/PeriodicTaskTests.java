package dev.webhooks.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

class PeriodicTaskTests {

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(PeriodicTask.class);

	@BeforeEach
	void captureLogs() {
		this.logged.start();
		this.logger.addAppender(this.logged);
	}

	@AfterEach
	void releaseLogs() {
		this.logger.detachAppender(this.logged);
	}

	@Test
	void aFailingRunIsLoggedAndTheTaskRunsAgainNextTime() {
		AtomicInteger runs = new AtomicInteger();
		PeriodicTask task = new PeriodicTask("outbox-purge", Duration.ofHours(1), () -> {
			if (runs.incrementAndGet() == 1) {
				throw new IllegalStateException("database is down");
			}
		});
		assertThatNoException().isThrownBy(task::run);
		assertThat(task.isFailing()).isTrue();
		task.run();
		assertThat(runs).hasValue(2);
		assertThat(task.isFailing()).isFalse();
	}

	@Test
	void anOutageIsLoggedOnceWithoutItsStackTraceAndItsEndOnce() {
		AtomicBoolean down = new AtomicBoolean(true);
		PeriodicTask task = new PeriodicTask("realtime-poll", Duration.ofHours(1), () -> {
			if (down.get()) {
				throw new IllegalStateException("Connection is not available, request timed out after 30000ms");
			}
		});
		for (int i = 0; i < 5; i++) {
			task.run();
		}
		down.set(false);
		task.run();
		task.run();
		List<ILoggingEvent> lines = this.logged.list.stream()
			.filter((event) -> event.getLevel().isGreaterOrEqual(Level.INFO))
			.toList();
		assertThat(lines).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
		assertThat(lines.get(0).getFormattedMessage()).contains("webhooks realtime-poll failed")
			.contains("Connection is not available");
		assertThat(lines.get(0).getThrowableProxy()).isNull();
		assertThat(lines.get(1).getFormattedMessage()).isEqualTo("webhooks realtime-poll works again");
	}

	@Test
	void startsAndStopsItsThread() {
		PeriodicTask task = new PeriodicTask("outbox-purge", Duration.ofHours(1), () -> {
		});
		assertThat(task.isRunning()).isFalse();
		task.start();
		assertThat(task.isRunning()).isTrue();
		task.close();
		assertThat(task.isRunning()).isFalse();
	}

	@Test
	void runsRepeatedlyOnItsOwnNamedDaemonThreadAndSoonWhenAsked() {
		AtomicInteger runs = new AtomicInteger();
		List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (PeriodicTask task = new PeriodicTask("hooks-refresh", Duration.ZERO, Duration.ofMillis(10), () -> {
			runs.incrementAndGet();
			threads.add(Thread.currentThread());
		})) {
			task.start();
			await().until(() -> runs.get() >= 3);
		}
		assertThat(threads).allSatisfy((thread) -> {
			assertThat(thread.getName()).isEqualTo("webhooks-hooks-refresh");
			assertThat(thread.isDaemon()).isTrue();
		});
		AtomicInteger soon = new AtomicInteger();
		try (PeriodicTask task = new PeriodicTask("realtime-poll", Duration.ofHours(1), soon::incrementAndGet)) {
			task.runSoon();
			assertThat(soon).hasValue(0);
			task.start();
			task.runSoon();
			await().until(() -> soon.get() == 1);
		}
	}

	@Test
	void refusesANonPositiveIntervalAndANegativeInitialDelay() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PeriodicTask("purge", Duration.ZERO, () -> {
		})).withMessageContaining("interval of 'purge' must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PeriodicTask("purge", Duration.ofSeconds(-1), Duration.ofSeconds(1), () -> {
			}))
			.withMessageContaining("initial delay of 'purge' must not be negative");
	}

}
