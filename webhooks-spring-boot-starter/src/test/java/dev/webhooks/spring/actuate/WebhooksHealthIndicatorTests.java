package dev.webhooks.spring.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.jdbc.JdbcDeliveryCommands;
import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.delivery.jdbc.JdbcDeliveryQueries;
import dev.webhooks.delivery.jdbc.JdbcTargetStates;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.ExponentialBackoffRetryPolicy;
import dev.webhooks.dispatch.TransportResponse;
import dev.webhooks.idempotency.MutableClock;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.signing.WebhookSigner;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health transitions of the outbox on a real (H2) database. */
class WebhooksHealthIndicatorTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-29T10:00:00Z"));

	private TestDatabase database;

	private HikariDataSource pool;

	private JdbcOutbox store;

	@BeforeEach
	void createDatabase() {
		this.database = TestDatabase.createWithSchema(TestDatabase.Kind.H2);
		this.pool = this.database.newDataSource("health", 2);
		this.store = JdbcOutbox.of(this.pool, JsonMapper.builder().build());
	}

	@AfterEach
	void dropDatabase() {
		this.pool.close();
		this.database.close();
	}

	@Test
	void isUpThenOutOfServiceWhileTheOldestPendingDeliveryIsTooOldThenDownWhenTheOutboxCannotBeRead()
			throws Exception {
		WebhooksHealthIndicator indicator = indicator(null);
		Health up = indicator.health();
		assertThat(up.getStatus()).isEqualTo(Status.UP);
		assertThat(up.getDetails()).containsEntry("queueDepth", 0L).containsEntry("oldestPendingAgeSeconds", 0L);

		try (var connection = this.pool.getConnection()) {
			this.store.writer().insert(connection, List.of(new NewDelivery("d1", Target.server("billing"), "https://example.com", "POST",
					Map.of(), "invoice.paid", null, null, "{}", this.clock.instant())));
		}
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		this.clock.advance(Duration.ofMinutes(16));
		Health tooOld = indicator.health();
		assertThat(tooOld.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(tooOld.getDetails()).containsEntry("queueDepth", 1L).containsEntry("oldestPendingAgeSeconds", 960L);
		assertThat(tooOld.getDetails().get("reasons")).asString().contains("has waited 960s, longer than PT15M");

		this.pool.close();
		Health down = indicator.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("reason", "the outbox cannot be read").containsKey("error");
	}

	@Test
	void isOutOfServiceWhenTheRunningDispatcherHasNotClaimedForLongerThanTheStallTimeout() throws Exception {
		HikariDataSource broken = this.database.newDataSource("broken", 1);
		broken.close();
		// a dispatcher whose claims all fail, as when its database connections are gone
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(new JdbcDeliveryLeases(broken, JsonMapper.builder().build()),
				(delivery) -> Optional.empty(), (request) -> new TransportResponse(200, null, ""),
				new WebhookSigner(), new ExponentialBackoffRetryPolicy(ExponentialBackoffRetryPolicy.Settings.defaults()),
				DispatcherSettings.defaults("shop"), this.clock);
		try {
			dispatcher.start();
			WebhooksHealthIndicator indicator = indicator(dispatcher);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			this.clock.advance(Duration.ofMinutes(6));
			Health stalled = indicator.health();
			assertThat(stalled.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(stalled.getDetails()).containsEntry("dispatcherRunning", true);
			assertThat(stalled.getDetails().get("reasons")).asString()
				.contains("the dispatcher has not claimed for 360s, longer than PT5M");
		}
		finally {
			dispatcher.stop();
		}
	}

	@Test
	void showsTheRelayAndIsOutOfServiceWhileItsRoundsKeepFailingForLongerThanTheStallTimeout() {
		FakeRelay relay = new FakeRelay();
		relay.lastRelayAt = this.clock.instant();
		relay.relayedCount = 42;
		WebhookOperations operations = new WebhookOperations(this.store.queries(), this.store.commands(),
				this.store.targets(), this.clock, WebhookOperations.Settings.defaults(), () -> {
				});
		WebhooksHealthIndicator indicator = new WebhooksHealthIndicator(operations, null, relay, this.clock,
				Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofSeconds(10));
		Health up = indicator.health();
		assertThat(up.getStatus()).isEqualTo(Status.UP);
		assertThat(up.getDetails().get("relay")).isEqualTo(Map.of("running", true, "lastRelayAt",
				"2026-03-29T10:00:00Z", "relayedCount", 42L));

		relay.lastError = "org.apache.kafka.common.errors.TimeoutException: Topic webhooks.deliveries not present";
		this.clock.advance(Duration.ofMinutes(6));
		Health stalled = indicator.health();
		assertThat(stalled.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(stalled.getDetails().get("relay")).asString().contains("lastError=" + relay.lastError);
		assertThat(stalled.getDetails().get("reasons")).asString()
			.contains("the outbox relay has not published for 360s, longer than PT5M: " + relay.lastError);

		relay.running = false;
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void isDownWithinItsTimeoutWhenTheDatabaseGivesNoConnectionThenUpOnceItDoesAgain() throws Exception {
		// a pool whose only connection is taken waits its whole connection timeout (30s) for another, as in an outage
		try (HikariDataSource pool = this.database.newDataSource("outage", 1)) {
			WebhookOperations operations = new WebhookOperations(
					new JdbcDeliveryQueries(pool, JsonMapper.builder().build()), new JdbcDeliveryCommands(pool),
					new JdbcTargetStates(pool), this.clock, WebhookOperations.Settings.defaults(), () -> {
					});
			WebhooksHealthIndicator indicator = new WebhooksHealthIndicator(operations, null, this.clock,
					Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMillis(300));
			Health down;
			try (var taken = pool.getConnection()) {
				down = indicator.health();
				// a second check waits for the same read instead of starting another
				assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			}
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("reason", "the outbox did not answer within PT0.3S");
			await().untilAsserted(() -> assertThat(indicator.health().getStatus()).isEqualTo(Status.UP));
		}
	}

	private WebhooksHealthIndicator indicator(DeliveryDispatcher dispatcher) {
		WebhookOperations operations = new WebhookOperations(this.store.queries(), this.store.commands(),
				this.store.targets(), this.clock, WebhookOperations.Settings.defaults(), () -> {
				});
		return new WebhooksHealthIndicator(operations, dispatcher, this.clock, Duration.ofMinutes(15),
				Duration.ofMinutes(5), Duration.ofSeconds(10));
	}

	private static final class FakeRelay implements RelayStatus {

		volatile boolean running = true;

		volatile Instant lastRelayAt;

		volatile String lastError;

		volatile long relayedCount;

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public Instant lastRelayAt() {
			return this.lastRelayAt;
		}

		@Override
		public String lastError() {
			return this.lastError;
		}

		@Override
		public long relayedCount() {
			return this.relayedCount;
		}

	}

}
