package dev.webhooks.dispatch;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.events.CircuitClosed;
import dev.webhooks.events.CircuitOpened;
import dev.webhooks.events.OperationalEvent;
import dev.webhooks.events.TargetDisabled;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;
import dev.webhooks.testing.OutboxDatabaseTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Targets apart from each other, on a real outbox and real HTTP receivers: a lane's cap, a rate limit, a circuit
 * breaker, throttling with {@code Retry-After}, and 410 disabling a target, with the events a listener hears. One
 * subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTargetLanesDatabaseTests extends OutboxDatabaseTests {

	private static final WebhookSecret SECRET = WebhookSecret.parse(WebhookSecret.generate());

	private final Clock clock = Clock.systemUTC();

	private final Map<String, MockWebServer> servers = new ConcurrentHashMap<>();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final List<OperationalEvent> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void emptyTables() {
		this.database.emptyOutbox();
		this.database.execute("DELETE FROM webhooks_target_states");
		this.events.clear();
	}

	@AfterEach
	void stopEverything() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		this.closeables.clear();
		for (MockWebServer server : this.servers.values()) {
			server.close();
		}
		this.servers.clear();
	}

	/** Whether the starvation measurement runs on this database (the issue asks for H2 and PostgreSQL). */
	protected boolean measuresStarvation() {
		return true;
	}

	@Test
	void aHangingTargetHoldsNoMoreThanItsLaneAndTheHealthyTargetKeepsItsPace() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(measuresStarvation());
		int count = 2000;
		int cap = 8;
		target("healthy", (request) -> new MockResponse.Builder().code(204).build());
		target("hanging", (request) -> new MockResponse.Builder().code(204).headersDelay(3, TimeUnit.SECONDS).build());
		TargetPolicy policy = TargetPolicy.defaults()
			.withLimits((target) -> TargetLimits.concurrency(cap))
			.withBreaker(BreakerSettings.DISABLED);
		OkHttpTransportSettings timeouts = OkHttpTransportSettings.defaults()
			.withReadTimeout(Duration.ofMillis(500))
			.withCallTimeout(Duration.ofSeconds(1));

		// warm up both ways, so that neither measurement pays for the JIT
		writeDeliveries(1000, "healthy", null);
		runUntilSucceeded(1000, policy, timeouts, null);
		this.database.emptyOutbox();
		writeDeliveries(1000, "healthy", "hanging");
		runUntilSucceeded(1000, policy, timeouts, null);
		this.database.emptyOutbox();

		// the machine is shared: rounds alternate, and the medians are compared
		List<Double> alone = new ArrayList<>();
		List<Double> beside = new ArrayList<>();
		InFlightByTarget inFlight = new InFlightByTarget();
		for (int round = 0; round < 3; round++) {
			writeDeliveries(count, "healthy", null);
			alone.add(count / seconds(runUntilSucceeded(count, policy, timeouts, null)));
			this.database.emptyOutbox();
			writeDeliveries(count, "healthy", "hanging");
			beside.add(count / seconds(runUntilSucceeded(count, policy, timeouts, inFlight)));
			this.database.emptyOutbox();
		}
		double aloneMedian = median(alone);
		double besideMedian = median(beside);

		System.out.printf("starvation on %s: healthy target alone %s/s (median %.0f), beside a hanging one %s/s"
				+ " (median %.0f), ratio %.2f; hanging target at most %d in flight (cap %d)%n", kind(), rounded(alone),
				aloneMedian, rounded(beside), besideMedian, besideMedian / aloneMedian, inFlight.max(url("hanging")),
				cap);
		assertThat(inFlight.max(url("hanging"))).isPositive().isLessThanOrEqualTo(cap);
		// the 0.9 goal is a benchmark figure (docs/benchmarks.md, section 8), not a test's bound: the machine moves it
		// more than the lanes do, within a run of under a second (0.80 to 1.04 on a quiet machine, six runs in a row).
		// Without lanes the hanging target would hold every worker for its call timeout: 2,000 hanging calls on 64
		// workers hold the healthy deliveries back for about 30 s, far below this bound.
		assertThat(besideMedian).as("healthy throughput beside a hanging target, alone %.0f/s", aloneMedian)
			.isGreaterThanOrEqualTo(0.2 * aloneMedian);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

	private static List<Long> rounded(List<Double> values) {
		return values.stream().map(Math::round).toList();
	}

	@Test
	void aTargetAnsweringHalfFailuresOpensItsCircuitGetsNoRequestWhileOpenAndLosesNothing() {
		AtomicBoolean recovered = new AtomicBoolean();
		AtomicInteger answered = new AtomicInteger();
		Queue<Instant> arrivals = new ConcurrentLinkedQueue<>();
		target("flaky", (request) -> {
			arrivals.add(this.clock.instant());
			boolean fail = !recovered.get() && answered.getAndIncrement() % 2 == 0;
			return new MockResponse.Builder().code(fail ? 500 : 200).build();
		});
		int count = 200;
		writeDeliveries(count, "flaky", null);
		Duration coolDown = Duration.ofSeconds(2);
		TargetPolicy policy = TargetPolicy.defaults()
			.withLimits((target) -> TargetLimits.concurrency(4))
			.withBreaker(new BreakerSettings(true, 0.5, 10, Duration.ofSeconds(10), coolDown))
			.withEvents(this.events::add);
		start(policy, OkHttpTransportSettings.defaults(), retryEvery(Duration.ofMillis(50), 100), null);

		CircuitOpened opened = awaitEvent(CircuitOpened.class);
		assertThat(opened.failureRate()).isGreaterThanOrEqualTo(0.5);
		assertThat(opened.probeAt()).isEqualTo(opened.occurredAt().plus(coolDown));
		// let the calls already in flight when it opened arrive, then watch until the probe is due
		await().pollDelay(coolDown.minusMillis(200)).atMost(coolDown).until(() -> true);
		assertThat(arrivals).filteredOn((at) -> at.isAfter(opened.occurredAt().plusMillis(200))
				&& at.isBefore(opened.probeAt().minusMillis(100))).isEmpty();
		recovered.set(true);

		awaitEvent(CircuitClosed.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == count);
		// deferrals spent no attempt: every attempt counted is one the target received
		long attemptsCounted = 0;
		for (int i = 0; i < count; i++) {
			Delivery delivery = this.store.queries().find(id("flaky", i)).orElseThrow();
			assertThat(this.store.queries().attempts(delivery.id())).hasSize(delivery.attemptCount());
			attemptsCounted += delivery.attemptCount();
		}
		assertThat(attemptsCounted).isEqualTo(arrivals.size());
	}

	@Test
	void retryAfterPausesOnlyTheTargetThatAskedAndDoesNotSpendTheAttempt() {
		AtomicInteger answered = new AtomicInteger();
		Queue<Instant> arrivalsA = new ConcurrentLinkedQueue<>();
		Queue<Instant> arrivalsB = new ConcurrentLinkedQueue<>();
		target("a", (request) -> {
			arrivalsA.add(this.clock.instant());
			return (answered.getAndIncrement() == 0)
					? new MockResponse.Builder().code(429).addHeader("Retry-After", "2").build()
					: new MockResponse.Builder().code(200).build();
		});
		target("b", (request) -> {
			arrivalsB.add(this.clock.instant());
			return new MockResponse.Builder().code(200).build();
		});
		write(List.of(delivery("a", 0, this.clock.instant())));
		start(TargetPolicy.defaults().withEvents(this.events::add), OkHttpTransportSettings.defaults(),
				retryEvery(Duration.ofMillis(10), 3), null);
		await().atMost(Duration.ofSeconds(5)).until(() -> !arrivalsA.isEmpty());
		Instant throttledAt = arrivalsA.peek();
		List<NewDelivery> more = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			more.add(delivery("a", i, this.clock.instant()));
		}
		for (int i = 0; i < 20; i++) {
			more.add(delivery("b", i, this.clock.instant()));
		}
		write(more);

		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 26);
		List<Instant> a = List.copyOf(arrivalsA);
		assertThat(a).hasSize(7);
		assertThat(Duration.between(throttledAt, a.get(1))).isBetween(Duration.ofMillis(1900),
				Duration.ofMillis(3000));
		assertThat(arrivalsB).hasSize(20)
			.allSatisfy((at) -> assertThat(at).isBefore(throttledAt.plusMillis(1500)));
		Delivery throttled = this.store.queries().find(id("a", 0)).orElseThrow();
		assertThat(throttled.attemptCount()).isEqualTo(1);
		assertThat(this.store.queries().attempts(throttled.id())).extracting((attempt) -> attempt.statusCode())
			.containsExactly(429, 200);
	}

	@Test
	void goneDisablesTheTargetParksItsDeliveriesAndEnablingSendsThem() {
		AtomicBoolean back = new AtomicBoolean();
		AtomicInteger requests = new AtomicInteger();
		target("gone", (request) -> {
			requests.incrementAndGet();
			return new MockResponse.Builder().code(back.get() ? 200 : 410).build();
		});
		target("other", (request) -> new MockResponse.Builder().code(200).build());
		writeDeliveries(20, "gone", "other");
		start(TargetPolicy.defaults().withThrottling(TargetPolicy.DEFAULT_THROTTLE_STATUSES, Duration.ofMillis(500),
				Duration.ofMinutes(1)).withEvents(this.events::add), OkHttpTransportSettings.defaults(),
				retryEvery(Duration.ofMillis(10), 3), new TargetStateRecorder(this.store.targets()));

		TargetDisabled disabled = awaitEvent(TargetDisabled.class);
		assertThat(disabled.target()).isEqualTo(Target.server("gone"));
		assertThat(disabled.reason()).isEqualTo(TargetDisabled.Reason.GONE);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 20);
		await().atMost(Duration.ofSeconds(10)).until(() -> parked("gone") == 20);
		assertThat(this.store.targets().disabledTargets()).containsOnlyKeys(Target.server("gone"));
		assertThat(this.store.count(DeliveryStatus.FAILED)).isZero();
		int sentWhileGone = requests.get();
		assertThat(sentWhileGone).isBetween(1, 20);

		back.set(true);
		assertThat(this.store.targets().enableTarget(Target.server("gone"), this.clock.instant())).isEqualTo(20);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 40);
		for (int i = 0; i < 20; i++) {
			assertThat(this.store.queries().find(id("gone", i)).orElseThrow().attemptCount()).isEqualTo(1);
		}
		assertThat(this.events).filteredOn(TargetDisabled.class::isInstance).hasSize(1);
	}

	@Test
	void aRateLimitOfFiftyASecondHoldsOverTwentySeconds() {
		Queue<Long> arrivals = new ConcurrentLinkedQueue<>();
		target("limited", (request) -> {
			arrivals.add(System.nanoTime());
			return new MockResponse.Builder().code(200).build();
		});
		writeDeliveries(1200, "limited", null);
		start(TargetPolicy.defaults().withLimits((target) -> TargetLimits.concurrency(8).withRate(50, 10)),
				OkHttpTransportSettings.defaults(), retryEvery(Duration.ofMillis(10), 3), null);

		await().atMost(Duration.ofSeconds(40)).until(() -> arrivals.size() >= 1050);
		long first = arrivals.peek();
		long window = TimeUnit.SECONDS.toNanos(20);
		long inWindow = arrivals.stream().filter((at) -> at - first < window).count();
		System.out.printf("rate limit on %s: %d requests in 20 s (limit 50/s)%n", kind(), inWindow);
		assertThat(inWindow).isBetween(900L, 1100L);
	}

	// ---- helpers

	private Duration runUntilSucceeded(int count, TargetPolicy policy, OkHttpTransportSettings timeouts,
			InFlightByTarget inFlight) {
		long start = System.nanoTime();
		DeliveryDispatcher dispatcher = start(policy, timeouts, retryEvery(Duration.ofMillis(200), 1000), null,
				inFlight);
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.store.count(DeliveryStatus.SUCCEEDED) >= count);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		dispatcher.stop();
		this.closeables.remove(dispatcher);
		return took;
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	private DeliveryDispatcher start(TargetPolicy policy, OkHttpTransportSettings transportSettings,
			RetryPolicy retryPolicy, TargetStateRecorder targetStates) {
		return start(policy, transportSettings, retryPolicy, targetStates, null);
	}

	private DeliveryDispatcher start(TargetPolicy policy, OkHttpTransportSettings transportSettings,
			RetryPolicy retryPolicy, TargetStateRecorder targetStates, InFlightByTarget inFlight) {
		OkHttpWebhookTransport okhttp = new OkHttpWebhookTransport(transportSettings.withAllowPrivateAddresses(true));
		this.closeables.add(okhttp);
		WebhookTransport transport = (inFlight != null) ? inFlight.around(okhttp) : okhttp;
		DispatcherSettings settings = DispatcherSettings.defaults("shop").withPollInterval(Duration.ofMillis(20));
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(this.store.leases(), this::resolve, transport,
				WebhookRequests.of(settings, new WebhookSigner(), this.clock), retryPolicy, settings, this.clock,
				DeliveryListener.NONE, targetStates, policy);
		this.closeables.add(dispatcher);
		dispatcher.start();
		return dispatcher;
	}

	private void target(String name, Function<RecordedRequest, MockResponse> answer) {
		MockWebServer server = new MockWebServer();
		server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return answer.apply(request);
			}

		});
		try {
			server.start(InetAddress.getByName("127.0.0.1"), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.servers.put(name, server);
	}

	private Optional<Endpoint> resolve(Delivery delivery) {
		return Optional.ofNullable(this.servers.get(delivery.target().value()))
			.map((server) -> new Endpoint(server.url("/hooks").toString(), List.of(SECRET), Map.of()));
	}

	private String url(String target) {
		return this.servers.get(target).url("/hooks").toString();
	}

	/** Writes {@code count} deliveries to a target, interleaved one by one with as many to another if named. */
	private void writeDeliveries(int count, String target, String interleaved) {
		Instant base = this.clock.instant();
		List<NewDelivery> deliveries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			deliveries.add(delivery(target, i, base.plusNanos(2000L * i)));
			if (interleaved != null) {
				deliveries.add(delivery(interleaved, i, base.plusNanos(2000L * i + 1000)));
			}
			if (deliveries.size() >= 1000) {
				write(List.copyOf(deliveries));
				deliveries.clear();
			}
		}
		if (!deliveries.isEmpty()) {
			write(deliveries);
		}
	}

	private static NewDelivery delivery(String target, int number, Instant createdAt) {
		return new NewDelivery(id(target, number), Target.server(target), "http://ignored", "POST", Map.of(),
				"order.created", null, null, "{\"n\":" + number + "}", createdAt);
	}

	private static String id(String target, int number) {
		return "msg_" + target + "_" + number;
	}

	private long parked(String target) {
		long parked = 0;
		for (int i = 0; i < 20; i++) {
			Delivery delivery = this.store.queries().find(id(target, i)).orElseThrow();
			if (delivery.status() == DeliveryStatus.PENDING
					&& !delivery.nextAttemptAt().isBefore(TargetStates.PARKED_UNTIL)) {
				parked++;
			}
		}
		return parked;
	}

	private <E extends OperationalEvent> E awaitEvent(Class<E> type) {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.events.stream().anyMatch(type::isInstance));
		return this.events.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
	}

	private static RetryPolicy retryEvery(Duration interval, int maxAttempts) {
		return new ExponentialBackoffRetryPolicy(ExponentialBackoffRetryPolicy.Settings.defaults()
			.withMaxAttempts(maxAttempts)
			.withInitialInterval(interval)
			.withMultiplier(1.0)
			.withJitter(0));
	}

	/** Counts the calls in flight to each target, and the most at once. */
	private static final class InFlightByTarget {

		private final Map<String, AtomicInteger> current = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> most = new ConcurrentHashMap<>();

		WebhookTransport around(WebhookTransport delegate) {
			return new WebhookTransport() {

				@Override
				public TransportResponse send(WebhookRequest request) throws IOException {
					String target = request.url();
					int now = InFlightByTarget.this.current.computeIfAbsent(target, (key) -> new AtomicInteger())
						.incrementAndGet();
					InFlightByTarget.this.most.computeIfAbsent(target, (key) -> new AtomicInteger())
						.accumulateAndGet(now, Math::max);
					try {
						return delegate.send(request);
					}
					finally {
						InFlightByTarget.this.current.get(target).decrementAndGet();
					}
				}

				@Override
				public Optional<Duration> maxCallDuration() {
					return delegate.maxCallDuration();
				}

			};
		}

		int max(String url) {
			AtomicInteger value = this.most.get(url);
			return (value != null) ? value.get() : 0;
		}

	}

}
