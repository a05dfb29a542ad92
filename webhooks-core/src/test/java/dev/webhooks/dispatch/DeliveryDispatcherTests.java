package dev.webhooks.dispatch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.ExponentialBackoffRetryPolicy.Settings;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.idempotency.MutableClock;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

class DeliveryDispatcherTests {

	private static final WebhookSecret SECRET = WebhookSecret.parse(WebhookSecret.generate());

	private static final Duration AWAIT = Duration.ofSeconds(10);

	private final Clock clock = Clock.systemUTC();

	private final InMemoryOutbox store = new InMemoryOutbox(this.clock);

	private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

	private final RecordingListener listener = new RecordingListener();

	private final List<DeliveryDispatcher> dispatchers = new ArrayList<>();

	private final List<MockWebServer> extraServers = new ArrayList<>();

	private final OkHttpWebhookTransport transport = new OkHttpWebhookTransport(
			OkHttpTransportSettings.defaults().withReadTimeout(Duration.ofMillis(300)).withAllowPrivateAddresses(true));

	private MockWebServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start();
		this.endpoints.put("orders", new Endpoint(this.server.url("/hooks").toString(), List.of(SECRET),
				Map.of("x-endpoint", "e1")));
	}

	@AfterEach
	void stopEverything() {
		this.dispatchers.forEach(DeliveryDispatcher::stop);
		this.transport.close();
		this.server.close();
		this.extraServers.forEach(MockWebServer::close);
	}

	@Test
	void sendsTheExactBodyWithVerifiableSignatureHeaders() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
		String payload = "{\"id\":1,\"name\":\"Zoë\",  \"note\":\"spacing kept\"}";
		this.store.add(List.of(new NewDelivery("msg_1", Target.server("orders"), "http://ignored", "POST",
				Map.of("x-delivery", "d1", "webhook-id", "forged"), "order.created", "Order", "1", payload,
				this.clock.instant())));

		start(settings());

		Delivery delivered = awaitStatus("msg_1", DeliveryStatus.SUCCEEDED);
		RecordedRequest request = this.server.takeRequest(1, TimeUnit.SECONDS);
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getUrl().encodedPath()).isEqualTo("/hooks");
		byte[] body = request.getBody().toByteArray();
		assertThat(body).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
		assertThat(request.getHeaders().get("webhook-id")).isEqualTo("msg_1");
		assertThat(request.getHeaders().get("webhook-source")).isEqualTo("shop");
		assertThat(request.getHeaders().get("content-type")).isEqualTo("application/json");
		assertThat(request.getHeaders().get("user-agent")).isEqualTo("webhooks/0.1");
		assertThat(request.getHeaders().get("x-delivery")).isEqualTo("d1");
		assertThat(request.getHeaders().get("x-endpoint")).isEqualTo("e1");
		assertThatNoException().isThrownBy(() -> new SignatureVerifier().verify(request.getHeaders().get("webhook-id"),
				request.getHeaders().get("webhook-timestamp"), request.getHeaders().get("webhook-signature"), body,
				List.of(SECRET)));
		assertThat(delivered.attemptCount()).isEqualTo(1);
		assertThat(this.store.attempts("msg_1")).singleElement().satisfies((attempt) -> {
			assertThat(attempt.statusCode()).isEqualTo(200);
			assertThat(attempt.responseExcerpt()).isEqualTo("ok");
			assertThat(attempt.error()).isNull();
		});
		assertThat(this.listener.succeeded).containsExactly("msg_1");
	}

	@Test
	void sendsOnThreadsOfTheGivenWorkerThreadFactory() {
		this.server.enqueue(new MockResponse.Builder().code(204).build());
		this.store.add(List.of(delivery("msg_threads", "orders")));
		List<Thread> made = new CopyOnWriteArrayList<>();
		List<Thread> sentOn = new CopyOnWriteArrayList<>();
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(this.store, this::resolve, this.transport,
				new WebhookSigner(), retryEvery(Duration.ofMillis(10), 5), settings(), this.clock,
				new DeliveryListener() {

					@Override
					public void attemptSucceeded(Delivery delivery, DeliveryAttempt attempt) {
						sentOn.add(Thread.currentThread());
					}

				});
		this.dispatchers.add(dispatcher);
		dispatcher.setWorkerThreadFactory((runnable) -> {
			Thread thread = new Thread(runnable, "custom-worker-" + made.size());
			thread.setDaemon(true);
			made.add(thread);
			return thread;
		});
		dispatcher.start();

		awaitStatus("msg_threads", DeliveryStatus.SUCCEEDED);
		assertThat(sentOn).singleElement().satisfies((thread) -> {
			assertThat(made).contains(thread);
			assertThat(thread.getName()).startsWith("custom-worker-");
		});
		assertThatIllegalStateException().isThrownBy(() -> dispatcher.setWorkerThreadFactory(null))
			.withMessage("the worker thread factory is set before the dispatcher starts");
	}

	@Test
	void retriesAfterAServerErrorAndSucceeds() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(500).body("boom").build());
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		this.store.add(List.of(delivery("msg_1", "orders")));

		start(settings());

		awaitStatus("msg_1", DeliveryStatus.SUCCEEDED);
		List<DeliveryAttempt> attempts = this.store.attempts("msg_1");
		assertThat(attempts).extracting(DeliveryAttempt::attemptNumber).containsExactly(1, 2);
		assertThat(attempts.get(0).statusCode()).isEqualTo(500);
		assertThat(attempts.get(0).error()).isEqualTo("HTTP 500");
		assertThat(attempts.get(0).responseExcerpt()).isEqualTo("boom");
		assertThat(attempts.get(1).statusCode()).isEqualTo(200);
		assertThat(this.server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("webhook-id")).isEqualTo("msg_1");
		assertThat(this.server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("webhook-id")).isEqualTo("msg_1");
	}

	@Test
	void aRetryClaimedWhileTheListenerStillHearsOfTheFailedAttemptIsSent() {
		this.server.enqueue(new MockResponse.Builder().code(500).build());
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		this.store.add(List.of(delivery("msg_1", "orders")));
		// a slow listener: the retry is due and claimed again before the worker is done with the failed attempt
		DeliveryListener slow = new DeliveryListener() {

			@Override
			public void attemptFailed(Delivery delivery, DeliveryAttempt attempt, Instant nextAttemptAt) {
				await().atMost(AWAIT).until(() -> DeliveryDispatcherTests.this.store.find("msg_1")
					.orElseThrow()
					.attemptCount() == 2);
			}

		};
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(this.store, this::resolve, this.transport,
				new WebhookSigner(), retryEvery(Duration.ofMillis(10), 5), settings(), this.clock, slow);
		this.dispatchers.add(dispatcher);
		dispatcher.start();

		awaitStatus("msg_1", DeliveryStatus.SUCCEEDED);
		assertThat(this.store.attempts("msg_1")).extracting(DeliveryAttempt::statusCode).containsExactly(500, 200);
	}

	@Test
	void retriesAfterATimeoutAndSucceeds() {
		this.server.enqueue(new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).build());
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		this.store.add(List.of(delivery("msg_1", "orders")));

		start(settings());

		awaitStatus("msg_1", DeliveryStatus.SUCCEEDED);
		List<DeliveryAttempt> attempts = this.store.attempts("msg_1");
		assertThat(attempts).hasSize(2);
		assertThat(attempts.get(0).statusCode()).isNull();
		assertThat(attempts.get(0).error()).startsWith("timeout: ");
	}

	@Test
	void retriesAfterAConnectionIsRefusedAndSucceedsWhenTheTargetRecovers() throws IOException {
		int port = freePort();
		this.endpoints.put("orders", new Endpoint("http://127.0.0.1:" + port + "/hooks", List.of(SECRET), Map.of()));
		this.store.add(List.of(delivery("msg_1", "orders")));

		start(settings(), retryEvery(Duration.ofMillis(100), 100));

		await().atMost(AWAIT).until(() -> !this.store.attempts("msg_1").isEmpty());
		MockWebServer recovered = new MockWebServer();
		this.extraServers.add(recovered);
		recovered.enqueue(new MockResponse.Builder().code(204).build());
		recovered.start(InetAddress.getByName("127.0.0.1"), port);

		awaitStatus("msg_1", DeliveryStatus.SUCCEEDED);
		List<DeliveryAttempt> attempts = this.store.attempts("msg_1");
		assertThat(attempts.get(0).error()).startsWith("connection refused: ");
		assertThat(attempts.get(attempts.size() - 1).statusCode()).isEqualTo(204);
		assertThat(recovered.getRequestCount()).isEqualTo(1);
	}

	@Test
	void failsAfterTheLastAttemptWithEveryAttemptRecorded() {
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(new MockResponse.Builder().code(503).build());
		}
		this.store.add(List.of(delivery("msg_1", "orders")));

		start(settings(), retryEvery(Duration.ofMillis(10), 3));

		Delivery failed = awaitStatus("msg_1", DeliveryStatus.FAILED);
		assertThat(failed.attemptCount()).isEqualTo(3);
		assertThat(failed.lastError()).isEqualTo("HTTP 503");
		assertThat(this.store.attempts("msg_1")).extracting(DeliveryAttempt::attemptNumber).containsExactly(1, 2, 3);
		assertThat(this.store.attempts("msg_1")).extracting(DeliveryAttempt::statusCode).containsOnly(503);
		assertThat(this.server.getRequestCount()).isEqualTo(3);
		assertThat(this.listener.retried).containsExactly("msg_1", "msg_1");
		assertThat(this.listener.failed).containsExactly("msg_1");
	}

	@Test
	void failsAtOnceWhenTheTargetIsGone() {
		this.server.enqueue(new MockResponse.Builder().code(410).build());
		this.store.add(List.of(delivery("msg_1", "orders")));

		start(settings());

		Delivery failed = awaitStatus("msg_1", DeliveryStatus.FAILED);
		assertThat(failed.attemptCount()).isEqualTo(1);
		assertThat(failed.lastStatusCode()).isEqualTo(410);
		assertThat(failed.lastError()).contains("target gone");
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void schedulesTheNextAttemptAfterALongerRetryAfter() {
		Instant now = Instant.parse("2026-01-01T12:00:00Z");
		Clock fixed = Clock.fixed(now, ZoneOffset.UTC);
		InMemoryOutbox fixedStore = new InMemoryOutbox(fixed);
		this.server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "120").build());
		fixedStore.add(List.of(new NewDelivery("msg_1", Target.server("orders"), "http://ignored", "POST", Map.of(),
				"order.created", null, null, "{}", now)));

		DeliveryDispatcher dispatcher = new DeliveryDispatcher(fixedStore, this::resolve, this.transport,
				new WebhookSigner(), retryEvery(Duration.ofMillis(10), 5), settings(), fixed);
		this.dispatchers.add(dispatcher);
		dispatcher.start();

		await().atMost(AWAIT).until(() -> fixedStore.attempts("msg_1").size() == 1);
		Delivery pending = fixedStore.find("msg_1").orElseThrow();
		assertThat(pending.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(pending.nextAttemptAt()).isEqualTo(now.plusSeconds(120));
		assertThat(pending.lastError()).isEqualTo("HTTP 429");
	}

	@Test
	void failsADeliveryForAnUnknownTarget() {
		this.store.add(List.of(delivery("msg_1", "nobody")));

		start(settings());

		Delivery failed = awaitStatus("msg_1", DeliveryStatus.FAILED);
		assertThat(failed.lastError()).isEqualTo("unknown target 'nobody'");
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void neverSendsADeliveryWhoseEndpointHasNoSecrets() {
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		this.endpoints.put("unsigned", new Endpoint(this.server.url("/hooks").toString(), List.of(), Map.of()));
		this.store.add(List.of(delivery("msg_1", "unsigned")));

		start(settings());

		Delivery failed = awaitStatus("msg_1", DeliveryStatus.FAILED);
		assertThat(failed.lastError()).isEqualTo("no signing secret for target 'unsigned'");
		assertThat(failed.lastStatusCode()).isNull();
		assertThat(this.store.attempts("msg_1")).singleElement().satisfies((attempt) -> {
			assertThat(attempt.statusCode()).isNull();
			assertThat(attempt.error()).isEqualTo("no signing secret for target 'unsigned'");
		});
		assertThat(this.listener.failed).containsExactly("msg_1");
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void failsWithoutSendingWhenEarlierClaimsUsedUpTheAttempts() {
		this.store.add(List.of(delivery("msg_1", "orders")));
		// three claims whose dispatchers died before completing them
		for (int i = 0; i < 3; i++) {
			assertThat(this.store.claim("crashed", this.clock.instant(), Duration.ZERO, 10)).hasSize(1);
		}

		start(settings(), retryEvery(Duration.ofMillis(10), 3));

		Delivery failed = awaitStatus("msg_1", DeliveryStatus.FAILED);
		assertThat(failed.attemptCount()).isEqualTo(4);
		assertThat(failed.lastError()).startsWith("no attempts left");
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void sendsPromptlyWhenWokenUpWithoutWaitingForThePoll() {
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		DeliveryDispatcher dispatcher = start(settings().withPollInterval(Duration.ofHours(1)));
		await().atMost(AWAIT).until(() -> this.store.claimCalls() >= 1);

		this.store.add(List.of(delivery("msg_1", "orders")));
		dispatcher.wakeUp();
		dispatcher.wakeUp();

		awaitStatus("msg_1", DeliveryStatus.SUCCEEDED);
	}

	@Test
	void neverSendsMoreThanMaxConcurrencyAtOnce() {
		this.server.setDispatcher(always(new MockResponse.Builder().code(200).headersDelay(30, TimeUnit.MILLISECONDS)
			.build()));
		ConcurrencyTrackingTransport tracking = new ConcurrencyTrackingTransport(this.transport);
		addDeliveries(24);

		start(tracking, settings().withMaxConcurrency(3), retryEvery(Duration.ofMillis(10), 3));

		await().atMost(AWAIT).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 24);
		assertThat(tracking.maxConcurrent.get()).isBetween(2, 3);
		assertThat(this.server.getRequestCount()).isEqualTo(24);
	}

	@Test
	void writesOutcomesInBatches() {
		this.server.setDispatcher(always(new MockResponse.Builder().code(200).build()));
		addDeliveries(100);

		start(settings().withMaxConcurrency(8));

		await().atMost(AWAIT).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 100);
		assertThat(this.store.completeCalls()).isLessThan(100);
	}

	@Test
	void releasesClaimedDeliveriesThatWereNotSentWhenStopping() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		CountDownLatch resolving = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		this.endpoints.put("slow", this.endpoints.get("orders"));
		EndpointResolver slowResolver = (delivery) -> {
			if (delivery.target().equals(Target.server("slow"))) {
				resolving.countDown();
				awaitLatch(proceed);
			}
			return resolve(delivery);
		};
		this.store.add(List.of(delivery("msg_fast", "orders")));
		this.store.add(List.of(delivery("msg_slow", "slow")));
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(this.store, slowResolver, this.transport,
				new WebhookSigner(), retryEvery(Duration.ofMillis(10), 3), settings(), this.clock);
		this.dispatchers.add(dispatcher);
		dispatcher.start();
		awaitStatus("msg_fast", DeliveryStatus.SUCCEEDED);
		assertThat(resolving.await(10, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Void> stopping = CompletableFuture.runAsync(dispatcher::stop);
		await().atMost(AWAIT).until(dispatcher::isStopping);
		proceed.countDown();
		stopping.get(10, TimeUnit.SECONDS);

		Delivery released = this.store.find("msg_slow").orElseThrow();
		assertThat(released.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(released.attemptCount()).isZero();
		assertThat(released.leaseOwner()).isNull();
		assertThat(this.store.releasedCount()).isEqualTo(1);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
		assertThat(dispatcher.isRunning()).isFalse();
	}

	@Test
	void waitsForSendsInFlightAndWritesTheirOutcomesWhenStopping() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(200).headersDelay(200, TimeUnit.MILLISECONDS).build());
		this.store.add(List.of(delivery("msg_1", "orders")));
		DeliveryDispatcher dispatcher = start(settings());
		this.server.takeRequest(10, TimeUnit.SECONDS);

		dispatcher.stop();

		assertThat(this.store.find("msg_1").orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
	}

	@Test
	void twoDispatchersOnOneStoreNeverSendTheSameDeliveryTwice() {
		Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				received.computeIfAbsent(request.getHeaders().get("webhook-id"), (id) -> new AtomicInteger())
					.incrementAndGet();
				return new MockResponse.Builder().code(200).build();
			}

		});
		addDeliveries(300);

		start(settings().withLeaseOwner("one").withMaxConcurrency(4).withBatchSize(10));
		start(settings().withLeaseOwner("two").withMaxConcurrency(4).withBatchSize(10));

		await().atMost(AWAIT).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 300);
		assertThat(received).hasSize(300);
		assertThat(received.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
	}

	@Test
	void keepsClaimingAndCompletingAfterTheStoreFails() {
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		this.store.add(List.of(delivery("msg_1", "orders")));
		this.store.failNext(3, 2);

		start(settings());

		awaitStatus("msg_1", DeliveryStatus.SUCCEEDED);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void pausesClaimsWhileOutcomesCannotBeWritten() {
		// counted by message id: on a loaded machine the HTTP client may repeat a request on a fresh connection
		Set<String> sent = ConcurrentHashMap.newKeySet();
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				sent.add(request.getHeaders().get("webhook-id"));
				return new MockResponse.Builder().code(200).build();
			}

		});
		addDeliveries(10);
		this.store.failNext(0, Integer.MAX_VALUE);

		// batches of 1, one worker and one delivery claimed ahead: at most 3 outcomes may wait for the database
		// (2 or 3, depending on whether the scheduler claims the third before the second outcome is queued)
		start(settings().withBatchSize(1).withMaxConcurrency(1));

		await().atMost(AWAIT).until(() -> sent.size() >= 2);
		// sends stop: the count holds still for 300 ms
		AtomicInteger paused = new AtomicInteger(sent.size());
		await().during(Duration.ofMillis(300)).atMost(AWAIT).until(() -> sent.size() == paused.getAndSet(sent.size()));
		assertThat(paused.get()).isBetween(2, 3);
		this.store.failNext(0, 0);
		await().atMost(AWAIT).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 10);
		assertThat(sent).hasSize(10);
	}

	@Test
	void claimsFullBatchesAheadOfBusyWorkers() {
		this.server.setDispatcher(always(new MockResponse.Builder().code(200).build()));
		GatedTransport gated = new GatedTransport(this.transport);
		addDeliveries(30);

		start(gated, settings().withMaxConcurrency(2).withBatchSize(5), retryEvery(Duration.ofMillis(10), 3));

		// both workers are held mid-send, yet a whole batch was claimed: three of them wait for a worker
		await().atMost(AWAIT).until(() -> gated.waiting.get() == 2);
		await().atMost(AWAIT).until(() -> this.store.count(DeliveryStatus.IN_FLIGHT) == 5);
		assertThat(this.store.claimSizes()).containsExactly(5);
		gated.open.countDown();

		await().atMost(AWAIT).until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == 30);
		assertThat(this.store.claimSizes()).filteredOn((size) -> size > 0).hasSize(6).containsOnly(5);
		assertThat(gated.maxConcurrent.get()).isEqualTo(2);
		assertThat(this.server.getRequestCount()).isEqualTo(30);
	}

	@Test
	void givesBackAClaimedDeliveryWhoseLeaseIsTooShortToSendAndSendsItOnceClaimedAgain() {
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		MutableClock mutableClock = MutableClock.startingNow();
		InMemoryOutbox clockedStore = new InMemoryOutbox(mutableClock);
		clockedStore.add(List.of(new NewDelivery("msg_1", Target.server("orders"), "http://ignored", "POST", Map.of(),
				"order.created", null, null, "{}", mutableClock.instant())));
		// the transport allows 60s per call and the lease is 120s: half of it passes before a worker gets to it
		AtomicInteger resolutions = new AtomicInteger();
		EndpointResolver lateResolver = (delivery) -> {
			if (resolutions.incrementAndGet() == 1) {
				mutableClock.advance(Duration.ofSeconds(60));
			}
			return resolve(delivery);
		};
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(clockedStore, lateResolver, this.transport,
				new WebhookSigner(), retryEvery(Duration.ofMillis(10), 3),
				settings().withLeaseDuration(Duration.ofSeconds(120)), mutableClock);
		this.dispatchers.add(dispatcher);
		dispatcher.start();

		await().atMost(AWAIT)
			.until(() -> clockedStore.find("msg_1").orElseThrow().status() == DeliveryStatus.SUCCEEDED);
		assertThat(clockedStore.releasedCount()).isEqualTo(1);
		assertThat(resolutions.get()).isEqualTo(2);
		assertThat(clockedStore.claimSizes()).filteredOn((size) -> size > 0).containsExactly(1, 1);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
		// the given-back claim is not counted as an attempt
		assertThat(clockedStore.find("msg_1").orElseThrow().attemptCount()).isEqualTo(1);
		assertThat(clockedStore.attempts("msg_1")).singleElement()
			.satisfies((attempt) -> assertThat(attempt.attemptNumber()).isEqualTo(1));
	}

	@Test
	void neverSendsADeliveryTwiceWhenItsLeaseRunsOutWhileItWaitsForAWorker() {
		Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				received.computeIfAbsent(request.getHeaders().get("webhook-id"), (id) -> new AtomicInteger())
					.incrementAndGet();
				return new MockResponse.Builder().code(200).build();
			}

		});
		MutableClock mutableClock = MutableClock.startingNow();
		InMemoryOutbox clockedStore = new InMemoryOutbox(mutableClock);
		for (String id : List.of("msg_1", "msg_2")) {
			clockedStore.add(List.of(new NewDelivery(id, Target.server("orders"), "http://ignored", "POST", Map.of(),
					"order.created", null, null, "{}", mutableClock.instant())));
		}
		GatedTransport gated = new GatedTransport(this.transport);
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(clockedStore, this::resolve, gated,
				new WebhookSigner(), retryEvery(Duration.ofMillis(10), 5),
				settings().withMaxConcurrency(1).withBatchSize(3).withLeaseDuration(Duration.ofSeconds(120)),
				mutableClock);
		this.dispatchers.add(dispatcher);
		dispatcher.start();
		await().atMost(AWAIT).until(() -> gated.waiting.get() == 1);

		// both leases run out, msg_2 still waiting for the worker: the next claim returns both again
		mutableClock.advance(Duration.ofSeconds(121));
		await().atMost(AWAIT).until(() -> clockedStore.claimSizes().stream().filter((size) -> size > 0).count() == 2);
		gated.open.countDown();

		await().atMost(AWAIT).until(() -> clockedStore.count(DeliveryStatus.SUCCEEDED) == 2);
		assertThat(received).containsOnlyKeys("msg_1", "msg_2");
		assertThat(received.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		assertThat(clockedStore.releasedCount()).isEqualTo(1);
	}

	@Test
	void releasesDeliveriesClaimedAheadOfTheWorkersWhenStopping() throws Exception {
		this.server.setDispatcher(always(new MockResponse.Builder().code(200).build()));
		GatedTransport gated = new GatedTransport(this.transport);
		addDeliveries(5);
		DeliveryDispatcher dispatcher = start(gated, settings().withMaxConcurrency(1).withBatchSize(5),
				retryEvery(Duration.ofMillis(10), 3));
		await().atMost(AWAIT).until(() -> gated.waiting.get() == 1);
		assertThat(this.store.count(DeliveryStatus.IN_FLIGHT)).isEqualTo(5);

		CompletableFuture<Void> stopping = CompletableFuture.runAsync(dispatcher::stop);
		await().atMost(AWAIT).until(dispatcher::isStopping);
		gated.open.countDown();
		stopping.get(10, TimeUnit.SECONDS);

		assertThat(this.store.count(DeliveryStatus.SUCCEEDED)).isEqualTo(1);
		assertThat(this.store.count(DeliveryStatus.PENDING)).isEqualTo(4);
		assertThat(this.store.inStatus(DeliveryStatus.PENDING)).hasSize(4)
			.allSatisfy((delivery) -> {
				assertThat(delivery.attemptCount()).isZero();
				assertThat(delivery.leaseOwner()).isNull();
			});
		assertThat(this.store.releasedCount()).isEqualTo(4);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void refusesALeaseThatDoesNotOutlastTheLongestCall() {
		// the default transport allows 30s per call and one connect retry
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeliveryDispatcher(this.store, this::resolve, this.transport, new WebhookSigner(),
					retryEvery(Duration.ofMillis(10), 3), settings().withLeaseDuration(Duration.ofSeconds(60)),
					this.clock))
			.withMessageContaining("leaseDuration (PT1M) must be longer than the transport's longest call (PT1M)");
	}

	private Optional<Endpoint> resolve(Delivery delivery) {
		return Optional.ofNullable(this.endpoints.get(delivery.target().value()));
	}

	private DispatcherSettings settings() {
		return DispatcherSettings.defaults("shop").withPollInterval(Duration.ofMillis(20));
	}

	private DeliveryDispatcher start(DispatcherSettings settings) {
		return start(settings, retryEvery(Duration.ofMillis(10), 5));
	}

	private DeliveryDispatcher start(DispatcherSettings settings, RetryPolicy retryPolicy) {
		return start(this.transport, settings, retryPolicy);
	}

	private DeliveryDispatcher start(WebhookTransport transport, DispatcherSettings settings,
			RetryPolicy retryPolicy) {
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(this.store, this::resolve, transport,
				new WebhookSigner(), retryPolicy, settings, this.clock, this.listener);
		this.dispatchers.add(dispatcher);
		dispatcher.start();
		return dispatcher;
	}

	private static RetryPolicy retryEvery(Duration interval, int maxAttempts) {
		return new ExponentialBackoffRetryPolicy(new Settings(maxAttempts, interval, 1.0, Duration.ofHours(1), 0));
	}

	/** Adds {@code count} due deliveries to "orders", ids {@code msg_0} up. */
	private void addDeliveries(int count) {
		List<NewDelivery> deliveries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			deliveries.add(delivery("msg_" + i, "orders"));
		}
		this.store.add(deliveries);
	}

	private NewDelivery delivery(String id, String target) {
		return new NewDelivery(id, Target.parse(target), "http://ignored", "POST", Map.of(), "order.created", null, null,
				"{\"id\":\"" + id + "\"}", this.clock.instant());
	}

	private Delivery awaitStatus(String id, DeliveryStatus status) {
		await().atMost(AWAIT).until(() -> this.store.find(id).orElseThrow().status() == status);
		return this.store.find(id).orElseThrow();
	}

	private static Dispatcher always(MockResponse response) {
		return new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return response;
			}

		};
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class RecordingListener implements DeliveryListener {

		final List<String> succeeded = new CopyOnWriteArrayList<>();

		final List<String> retried = new CopyOnWriteArrayList<>();

		final List<String> failed = new CopyOnWriteArrayList<>();

		@Override
		public void attemptSucceeded(Delivery delivery, DeliveryAttempt attempt) {
			this.succeeded.add(delivery.id());
		}

		@Override
		public void attemptFailed(Delivery delivery, DeliveryAttempt attempt, Instant nextAttemptAt) {
			this.retried.add(delivery.id());
		}

		@Override
		public void deliveryFailed(Delivery delivery, DeliveryAttempt attempt) {
			this.failed.add(delivery.id());
		}

	}

	/** Holds every send until {@link #open} is counted down, then sends it for real. */
	private static final class GatedTransport implements WebhookTransport {

		private final WebhookTransport delegate;

		final CountDownLatch open = new CountDownLatch(1);

		final AtomicInteger waiting = new AtomicInteger();

		private final AtomicInteger current = new AtomicInteger();

		final AtomicInteger maxConcurrent = new AtomicInteger();

		GatedTransport(WebhookTransport delegate) {
			this.delegate = delegate;
		}

		@Override
		public TransportResponse send(WebhookRequest request) throws IOException {
			this.maxConcurrent.accumulateAndGet(this.current.incrementAndGet(), Math::max);
			this.waiting.incrementAndGet();
			try {
				awaitLatch(this.open);
				return this.delegate.send(request);
			}
			finally {
				this.waiting.decrementAndGet();
				this.current.decrementAndGet();
			}
		}

		@Override
		public Optional<Duration> maxCallDuration() {
			return this.delegate.maxCallDuration();
		}

	}

	private static final class ConcurrencyTrackingTransport implements WebhookTransport {

		private final WebhookTransport delegate;

		private final AtomicInteger current = new AtomicInteger();

		final AtomicInteger maxConcurrent = new AtomicInteger();

		ConcurrencyTrackingTransport(WebhookTransport delegate) {
			this.delegate = delegate;
		}

		@Override
		public TransportResponse send(WebhookRequest request) throws IOException {
			int now = this.current.incrementAndGet();
			this.maxConcurrent.accumulateAndGet(now, Math::max);
			try {
				return this.delegate.send(request);
			}
			finally {
				this.current.decrementAndGet();
			}
		}

	}

}
