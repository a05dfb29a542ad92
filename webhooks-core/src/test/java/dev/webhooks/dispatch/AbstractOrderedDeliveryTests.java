package dev.webhooks.dispatch;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.testing.OutboxDatabaseTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ordered delivery end to end: entities changed many times in quick succession, two dispatchers of two applications
 * on one database, and a real HTTP receiver that fails about 30 % of requests at random. Every entity's versions
 * reach the receiver in order, none missing. One subclass per database.
 */
abstract class AbstractOrderedDeliveryTests extends OutboxDatabaseTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final WebhookSecret SECRET = WebhookSecret.parse(WebhookSecret.generate());

	private static final int ENTITIES = 200;

	private static final int VERSIONS = 20;

	private final Clock clock = Clock.systemUTC();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private MockWebServer receiver;

	@BeforeEach
	void emptyTablesAndStartReceiver() throws Exception {
		this.database.emptyOutbox();
		this.receiver = new MockWebServer();
		this.receiver.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	@AfterEach
	void stopEverything() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		this.closeables.clear();
		this.receiver.close();
	}

	@Test
	void everyEntitysVersionsArriveInOrderNoneMissingWithTwoDispatchersAndAReceiverFailingThirtyPercent()
			throws Exception {
		Map<Integer, Queue<Integer>> accepted = new ConcurrentHashMap<>();
		Map<Integer, Queue<Integer>> seen = new ConcurrentHashMap<>();
		AtomicInteger refused = new AtomicInteger();
		this.receiver.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				JsonNode body = JSON.readTree(request.getBody().utf8());
				int entity = body.get("entity").asInt();
				int version = body.get("version").asInt();
				seen.computeIfAbsent(entity, (key) -> new ConcurrentLinkedQueue<>()).add(version);
				if (ThreadLocalRandom.current().nextInt(100) < 30) {
					refused.incrementAndGet();
					return new MockResponse.Builder().code(503).build();
				}
				accepted.computeIfAbsent(entity, (key) -> new ConcurrentLinkedQueue<>()).add(version);
				return new MockResponse.Builder().code(200).build();
			}

		});
		String url = this.receiver.url("/hooks").toString();
		startDispatcher("shop-a");
		startDispatcher("shop-b");

		writeChangesInQuickSuccession(url);

		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
			.until(() -> this.store.count(DeliveryStatus.SUCCEEDED) == ENTITIES * VERSIONS);
		List<Integer> inOrder = IntStream.rangeClosed(1, VERSIONS).boxed().toList();
		assertThat(refused.get()).as("requests refused by the receiver").isGreaterThan(ENTITIES * VERSIONS / 5);
		assertThat(accepted).hasSize(ENTITIES);
		for (int entity = 0; entity < ENTITIES; entity++) {
			assertThat(new ArrayList<>(accepted.get(entity))).as("versions of entity %d accepted", entity)
				.isEqualTo(inOrder);
			assertThat(new ArrayList<>(seen.get(entity))).as("versions of entity %d received, refused ones too", entity)
				.isSorted();
		}
		assertThat(this.store.count(DeliveryStatus.FAILED)).isZero();
	}

	/** Each change is a transaction of its own; four writers, each changing its own entities one after the other. */
	private void writeChangesInQuickSuccession(String url) throws Exception {
		int writers = 4;
		ExecutorService executor = Executors.newFixedThreadPool(writers);
		try {
			List<Future<?>> writes = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				writes.add(executor.submit(() -> {
					for (int version = 1; version <= VERSIONS; version++) {
						for (int entity = writer; entity < ENTITIES; entity += writers) {
							write(List.of(change(url, entity, version)));
						}
					}
					return null;
				}));
			}
			for (Future<?> write : writes) {
				write.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private NewDelivery change(String url, int entity, int version) {
		String id = "msg_" + entity + "_" + version;
		return new NewDelivery(id, Target.server("receiver"), url, "POST", Map.of(), "orders.updated", "Order",
				String.valueOf(entity), "{\"entity\":" + entity + ",\"version\":" + version + "}",
				this.clock.instant()).withOrderingKey("Order:" + entity);
	}

	private void startDispatcher(String owner) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(this.database.jdbcUrl());
		config.setUsername(this.database.username());
		config.setPassword(this.database.password());
		config.setMaximumPoolSize(4);
		config.setPoolName(owner);
		HikariDataSource pool = new HikariDataSource(config);
		this.closeables.add(pool);
		OkHttpWebhookTransport transport = new OkHttpWebhookTransport(
				OkHttpTransportSettings.defaults().withAllowPrivateAddresses(true));
		this.closeables.add(transport);
		RetryPolicy retrySoon = new ExponentialBackoffRetryPolicy(ExponentialBackoffRetryPolicy.Settings.defaults()
			.withMaxAttempts(50)
			.withInitialInterval(Duration.ofMillis(5))
			.withMultiplier(1.0)
			.withJitter(0));
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(JdbcOutbox.of(pool, JSON).leases(), this::resolve,
				transport, new WebhookSigner(), retrySoon,
				DispatcherSettings.defaults("shop").withLeaseOwner(owner).withPollInterval(Duration.ofMillis(20)).withMaxConcurrency(16),
				this.clock);
		this.closeables.add(dispatcher);
		dispatcher.start();
	}

	private Optional<Endpoint> resolve(Delivery delivery) {
		return Optional.of(new Endpoint(delivery.url(), List.of(SECRET), Map.of()));
	}

}
