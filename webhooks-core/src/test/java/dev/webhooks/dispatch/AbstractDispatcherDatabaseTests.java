package dev.webhooks.dispatch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariDataSource;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.signing.StandardWebhookHeaders;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.testing.OutboxDatabaseTests;
import dev.webhooks.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher on the JDBC outbox against a real HTTP target: retries, terminal failures, several
 * dispatchers on one database and leases taken over from a crashed dispatcher. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDispatcherDatabaseTests extends OutboxDatabaseTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final WebhookSecret SECRET = WebhookSecret.parse(WebhookSecret.generate());

	private static final Duration AWAIT = Duration.ofSeconds(10);

	private final Clock clock = Clock.systemUTC();

	private final Map<String, String> targetUrls = new ConcurrentHashMap<>();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private MockWebServer server;

	@BeforeEach
	void emptyTablesAndStartTarget() throws Exception {
		this.database.emptyOutbox();
		this.server = new MockWebServer();
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		this.targetUrls.put("orders", this.server.url("/hooks").toString());
	}

	@AfterEach
	void stopEverything() throws Exception {
		// last started, first stopped: dispatchers before their transports and pools
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		this.closeables.clear();
		this.server.close();
	}

	@Test
	void retriesAfterAServerErrorAndSucceeds() {
		this.server.enqueue(new MockResponse.Builder().code(500).body("boom").build());
		this.server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
		insert(delivery("msg_1"));

		start(this.store.leases(), settings(), retryEvery(Duration.ofMillis(10), 5));

		Delivery delivered = awaitStatus("msg_1", DeliveryStatus.SUCCEEDED);
		assertThat(delivered.attemptCount()).isEqualTo(2);
		assertThat(delivered.lastStatusCode()).isEqualTo(200);
		assertThat(delivered.lastError()).isNull();
		assertThat(delivered.leaseOwner()).isNull();
		assertThat(this.store.queries().attempts("msg_1")).satisfiesExactly((first) -> {
			assertThat(first.attemptNumber()).isEqualTo(1);
			assertThat(first.statusCode()).isEqualTo(500);
			assertThat(first.responseExcerpt()).isEqualTo("boom");
			assertThat(first.error()).isEqualTo("HTTP 500");
		}, (second) -> {
			assertThat(second.attemptNumber()).isEqualTo(2);
			assertThat(second.statusCode()).isEqualTo(200);
			assertThat(second.responseExcerpt()).isEqualTo("ok");
			assertThat(second.error()).isNull();
		});
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void retriesAfterATimeoutAndSucceeds() {
		this.server.enqueue(new MockResponse.Builder().code(200).headersDelay(1, TimeUnit.SECONDS).build());
		this.server.enqueue(new MockResponse.Builder().code(204).build());
		insert(delivery("msg_1"));

		start(this.store.leases(), transport(OkHttpTransportSettings.defaults().withReadTimeout(Duration.ofMillis(250))),
				settings(), retryEvery(Duration.ofMillis(10), 5));

		Delivery delivered = awaitStatus("msg_1", DeliveryStatus.SUCCEEDED);
		assertThat(delivered.attemptCount()).isEqualTo(2);
		assertThat(this.store.queries().attempts("msg_1")).satisfiesExactly((first) -> {
			assertThat(first.statusCode()).isNull();
			assertThat(first.error()).startsWith("timeout: ");
		}, (second) -> {
			assertThat(second.statusCode()).isEqualTo(204);
			assertThat(second.error()).isNull();
		});
	}

	@Test
	void retriesAfterARefusedConnectionAndSucceedsWhenTheTargetRecovers() throws IOException {
		int port = freePort();
		this.targetUrls.put("orders", "http://127.0.0.1:" + port + "/hooks");
		insert(delivery("msg_1"));

		start(this.store.leases(), settings(), retryEvery(Duration.ofMillis(50), 200));

		await().atMost(AWAIT).until(() -> this.store.queries().attempts("msg_1").size() >= 2);
		MockWebServer recovered = new MockWebServer();
		this.closeables.add(0, recovered);
		recovered.enqueue(new MockResponse.Builder().code(202).build());
		recovered.start(InetAddress.getByName("127.0.0.1"), port);

		Delivery delivered = awaitStatus("msg_1", DeliveryStatus.SUCCEEDED);
		List<DeliveryAttempt> attempts = this.store.queries().attempts("msg_1");
		assertThat(attempts).hasSize(delivered.attemptCount());
		assertThat(attempts.subList(0, attempts.size() - 1)).allSatisfy((refused) -> {
			assertThat(refused.statusCode()).isNull();
			assertThat(refused.error()).startsWith("connection refused: ");
		});
		assertThat(attempts.get(attempts.size() - 1).statusCode()).isEqualTo(202);
		assertThat(attempts).extracting(DeliveryAttempt::attemptNumber)
			.containsExactlyElementsOf(numbers(attempts.size()));
		assertThat(recovered.getRequestCount()).isEqualTo(1);
	}

	@Test
	void failsAfterTheLastAttemptWithEveryAttemptRecorded() {
		this.server.enqueue(new MockResponse.Builder().code(500).build());
		this.server.enqueue(new MockResponse.Builder().code(502).build());
		this.server.enqueue(new MockResponse.Builder().code(503).body("down for good").build());
		insert(delivery("msg_1"));

		start(this.store.leases(), settings(), retryEvery(Duration.ofMillis(10), 3));

		Delivery failed = awaitStatus("msg_1", DeliveryStatus.FAILED);
		assertThat(failed.attemptCount()).isEqualTo(3);
		assertThat(failed.lastStatusCode()).isEqualTo(503);
		assertThat(failed.lastError()).isEqualTo("HTTP 503");
		assertThat(failed.completedAt()).isNotNull();
		assertThat(failed.leaseOwner()).isNull();
		List<DeliveryAttempt> attempts = this.store.queries().attempts("msg_1");
		assertThat(attempts).extracting(DeliveryAttempt::attemptNumber).containsExactly(1, 2, 3);
		assertThat(attempts).extracting(DeliveryAttempt::statusCode).containsExactly(500, 502, 503);
		assertThat(attempts).extracting(DeliveryAttempt::error).containsExactly("HTTP 500", "HTTP 502", "HTTP 503");
		assertThat(attempts.get(2).responseExcerpt()).isEqualTo("down for good");
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void twoDispatchersOnOneDatabaseSendEachDeliveryExactlyOnceAndNeverAtOnce() throws Exception {
		int count = 3000;
		Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
		Map<String, AtomicInteger> receivedBy = new ConcurrentHashMap<>();
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				received.computeIfAbsent(request.getHeaders().get("webhook-id"), (id) -> new AtomicInteger())
					.incrementAndGet();
				receivedBy.computeIfAbsent(request.getHeaders().get("user-agent"), (agent) -> new AtomicInteger())
					.incrementAndGet();
				return new MockResponse.Builder().code(200).build();
			}

		});
		List<NewDelivery> deliveries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			deliveries.add(delivery("msg_" + i));
		}
		insert(deliveries.toArray(NewDelivery[]::new));
		Set<String> inFlight = ConcurrentHashMap.newKeySet();
		Set<String> overlapping = ConcurrentHashMap.newKeySet();

		for (String name : List.of("one", "two")) {
			HikariDataSource pool = this.database.newDataSource("dispatcher-" + name, 4);
			this.closeables.add(pool);
			InFlightTrackingTransport tracking = new InFlightTrackingTransport(
					transport(OkHttpTransportSettings.defaults()), inFlight, overlapping);
			start(JdbcOutbox.of(pool, JSON).leases(), tracking,
					settings().withLeaseOwner(name).withUserAgent("webhooks/" + name).withBatchSize(50)
						.withMaxConcurrency(8),
					retryEvery(Duration.ofMillis(10), 3));
		}

		await().atMost(Duration.ofSeconds(60)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == count);
		assertThat(received).hasSize(count);
		assertThat(received.values()).allSatisfy((times) -> assertThat(times.get()).isEqualTo(1));
		assertThat(overlapping).isEmpty();
		assertThat(receivedBy.keySet()).containsExactlyInAnyOrder("webhooks/one", "webhooks/two");
		assertThat(queryLong("SELECT COUNT(*) FROM webhooks_delivery_attempts")).isEqualTo(count);
		assertThat(queryLong("SELECT COUNT(*) FROM webhooks_deliveries WHERE attempt_count <> 1")).isZero();
	}

	@Test
	void sendsADeliveryOfACrashedDispatcherOnceItsLeaseExpiresAndIgnoresTheLateCompletion() throws Exception {
		CountDownLatch responding = new CountDownLatch(1);
		CountDownLatch respond = new CountDownLatch(1);
		AtomicReference<Instant> receivedAt = new AtomicReference<>();
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				receivedAt.compareAndSet(null, Instant.now());
				responding.countDown();
				respond.await(10, TimeUnit.SECONDS);
				return new MockResponse.Builder().code(200).build();
			}

		});
		insert(delivery("msg_1"));
		Instant claimedAt = this.clock.instant();
		Delivery crashed = this.store.leases().claim("crashed", claimedAt, Duration.ofMillis(500), 10).get(0);
		Instant leaseExpiresAt = crashed.leaseExpiresAt();

		start(this.store.leases(), settings().withLeaseOwner("survivor"), retryEvery(Duration.ofMillis(10), 5));

		assertThat(responding.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(receivedAt.get()).isAfterOrEqualTo(leaseExpiresAt);
		Delivery takenOver = this.store.queries().find("msg_1").orElseThrow();
		assertThat(takenOver.status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
		assertThat(takenOver.leaseOwner()).isEqualTo("survivor");
		assertThat(takenOver.attemptCount()).isEqualTo(2);
		// the crashed dispatcher wakes up and reports its attempt while the survivor is sending
		DeliveryOutcome late = new DeliveryOutcome(
				new DeliveryAttempt("msg_1", 1, claimedAt, Duration.ofSeconds(1), null, null, "timeout: late"),
				"crashed", DeliveryStatus.FAILED, null);
		assertThat(this.store.leases().complete(List.of(late), this.clock.instant())).isZero();
		assertThat(this.store.queries().find("msg_1").orElseThrow()).isEqualTo(takenOver);
		respond.countDown();

		Delivery delivered = awaitStatus("msg_1", DeliveryStatus.SUCCEEDED);
		assertThat(this.store.leases().complete(List.of(late), this.clock.instant())).isZero();
		assertThat(this.store.queries().find("msg_1").orElseThrow()).isEqualTo(delivered);
		assertThat(this.store.queries().attempts("msg_1")).singleElement().satisfies((attempt) -> {
			assertThat(attempt.attemptNumber()).isEqualTo(2);
			assertThat(attempt.statusCode()).isEqualTo(200);
		});
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void flappingTargetsUnderSixtyFourWorkersRecordTheirStateWithoutDuplicateKeyOrDeadlockErrors() throws Exception {
		AtomicInteger requests = new AtomicInteger();
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				// every other answer fails: both targets flip between failing and healthy all the time
				return new MockResponse.Builder().code((requests.incrementAndGet() % 2 == 0) ? 200 : 503).build();
			}

		});
		this.targetUrls.put("flap-a", this.server.url("/a").toString());
		this.targetUrls.put("flap-b", this.server.url("/b").toString());
		this.database.execute("DELETE FROM webhooks_target_states");
		List<NewDelivery> deliveries = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			deliveries.add(new NewDelivery("flap-" + i, Target.server((i % 2 == 0) ? "flap-a" : "flap-b"), "http://ignored", "POST",
					Map.of(), "order.created", null, null, "{}", this.clock.instant()));
		}
		insert(deliveries.toArray(NewDelivery[]::new));
		CountingTargetStates targetStates = new CountingTargetStates(this.store.targets());
		ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		ch.qos.logback.classic.Logger recorderLogger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger(TargetStateRecorder.class);
		ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log = new ch.qos.logback.core.read.ListAppender<>();
		log.start();
		root.addAppender(log);
		ch.qos.logback.classic.Level recorderLevel = recorderLogger.getLevel();
		// a failed write of the recorder is logged at debug: capture it too
		recorderLogger.setLevel(ch.qos.logback.classic.Level.DEBUG);
		try {
			DeliveryDispatcher dispatcher = new DeliveryDispatcher(this.store.leases(), this::resolve,
					transport(OkHttpTransportSettings.defaults()), new WebhookSigner(),
					retryEvery(Duration.ofMillis(1), 3), settings().withMaxConcurrency(64), this.clock,
					DeliveryListener.NONE, new TargetStateRecorder(targetStates));
			this.closeables.add(dispatcher);
			dispatcher.start();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.store.count(DeliveryStatus.PENDING) + this.store.count(DeliveryStatus.IN_FLIGHT) == 0);
			dispatcher.stop();
		}
		finally {
			root.detachAppender(log);
			recorderLogger.setLevel(recorderLevel);
		}
		assertThat(targetStates.writes.get()).as("target state writes").isGreaterThan(1);
		assertThat(targetStates.failures).as("target state write failures").isEmpty();
		assertThat(log.list).noneSatisfy((event) -> assertThat(describe(event).toLowerCase(java.util.Locale.ROOT))
			.containsAnyOf("duplicate", "deadlock"));
	}

	private static String describe(ch.qos.logback.classic.spi.ILoggingEvent event) {
		StringBuilder text = new StringBuilder(event.getFormattedMessage());
		for (ch.qos.logback.classic.spi.IThrowableProxy cause = event.getThrowableProxy(); cause != null;
				cause = cause.getCause()) {
			text.append(' ').append(cause.getMessage());
		}
		return text.toString();
	}

	private DeliveryDispatcher start(DeliveryLeases store, DispatcherSettings settings, RetryPolicy retryPolicy) {
		return start(store, transport(OkHttpTransportSettings.defaults()), settings, retryPolicy);
	}

	private DeliveryDispatcher start(DeliveryLeases store, WebhookTransport transport, DispatcherSettings settings,
			RetryPolicy retryPolicy) {
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(store, this::resolve, transport, new WebhookSigner(),
				retryPolicy, settings, this.clock);
		this.closeables.add(dispatcher);
		dispatcher.start();
		return dispatcher;
	}

	private OkHttpWebhookTransport transport(OkHttpTransportSettings settings) {
		OkHttpWebhookTransport transport = new OkHttpWebhookTransport(settings.withAllowPrivateAddresses(true));
		this.closeables.add(transport);
		return transport;
	}

	private Optional<Endpoint> resolve(Delivery delivery) {
		return Optional.ofNullable(this.targetUrls.get(delivery.target().value()))
			.map((url) -> new Endpoint(url, List.of(SECRET), Map.of()));
	}

	private static DispatcherSettings settings() {
		return DispatcherSettings.defaults("shop").withPollInterval(Duration.ofMillis(20));
	}

	private static RetryPolicy retryEvery(Duration interval, int maxAttempts) {
		return new ExponentialBackoffRetryPolicy(
				ExponentialBackoffRetryPolicy.Settings.defaults().withMaxAttempts(maxAttempts)
					.withInitialInterval(interval)
					.withMultiplier(1.0)
					.withJitter(0));
	}

	private NewDelivery delivery(String id) {
		return new NewDelivery(id, Target.server("orders"), "http://ignored", "POST", Map.of(), "order.created", null, null,
				"{\"id\":\"" + id + "\"}", this.clock.instant());
	}

	private void insert(NewDelivery... deliveries) {
		write(List.of(deliveries));
	}

	private Delivery awaitStatus(String id, DeliveryStatus status) {
		await().atMost(AWAIT).until(() -> this.store.queries().find(id).orElseThrow().status() == status);
		return this.store.queries().find(id).orElseThrow();
	}

	private long queryLong(String sql) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			assertThat(resultSet.next()).as("a row from " + sql).isTrue();
			return resultSet.getLong(1);
		}
	}

	private static List<Integer> numbers(int count) {
		List<Integer> numbers = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			numbers.add(i);
		}
		return numbers;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
	}

	/** Target states that count their writes and keep every failure. */
	private static final class CountingTargetStates implements TargetStates {

		private final TargetStates delegate;

		final AtomicInteger writes = new AtomicInteger();

		final Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();

		CountingTargetStates(TargetStates delegate) {
			this.delegate = delegate;
		}

		@Override
		public void recordAttempts(Map<Target, Boolean> succeeded, Instant at) {
			try {
				this.delegate.recordAttempts(succeeded, at);
				this.writes.incrementAndGet();
			}
			catch (RuntimeException ex) {
				this.failures.add(ex);
				throw ex;
			}
		}

		@Override
		public List<Target> disableFailingTargets(Instant failingBefore, Instant now) {
			return this.delegate.disableFailingTargets(failingBefore, now);
		}

		@Override
		public boolean disableTarget(Target target, Instant now) {
			return this.delegate.disableTarget(target, now);
		}

		@Override
		public int parkDisabledTargets(Instant now) {
			return this.delegate.parkDisabledTargets(now);
		}

		@Override
		public Map<Target, Instant> disabledTargets() {
			return this.delegate.disabledTargets();
		}

		@Override
		public int enableTarget(Target target, Instant now) {
			return this.delegate.enableTarget(target, now);
		}

	}

	/** Notes every delivery sent while another send of it is still in flight, across dispatchers. */
	private static final class InFlightTrackingTransport implements WebhookTransport {

		private final WebhookTransport delegate;

		private final Set<String> inFlight;

		private final Set<String> overlapping;

		InFlightTrackingTransport(WebhookTransport delegate, Set<String> inFlight, Set<String> overlapping) {
			this.delegate = delegate;
			this.inFlight = inFlight;
			this.overlapping = overlapping;
		}

		@Override
		public TransportResponse send(WebhookRequest request) throws IOException {
			String id = request.headers().get(StandardWebhookHeaders.WEBHOOK_ID);
			if (!this.inFlight.add(id)) {
				this.overlapping.add(id);
			}
			try {
				return this.delegate.send(request);
			}
			finally {
				this.inFlight.remove(id);
			}
		}

		@Override
		public Optional<Duration> maxCallDuration() {
			return this.delegate.maxCallDuration();
		}

	}

}
