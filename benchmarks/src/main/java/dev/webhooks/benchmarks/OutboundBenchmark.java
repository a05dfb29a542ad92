package dev.webhooks.benchmarks;

import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.HdrHistogram.Histogram;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.delivery.jdbc.JdbcDeliveryQueries;
import dev.webhooks.delivery.jdbc.JdbcOutboxWriter;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.InMemoryOutbox;
import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.Endpoint;
import dev.webhooks.dispatch.ExponentialBackoffRetryPolicy;
import dev.webhooks.dispatch.TransportResponse;
import dev.webhooks.dispatch.WebhookTransport;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.jdbc.WebhooksSchema;
import dev.webhooks.publish.WebhookPublisher;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;
import dev.webhooks.peers.modulith.ModulithPeerApplication;
import dev.webhooks.peers.modulith.PeerOrders;
import dev.webhooks.testing.TestDatabase;

/**
 * The outbound path on the local PostgreSQL, each figure beside a limit measured in the same run:
 * <ol>
 * <li>capture overhead: saves of an {@code @HttpReceiver} entity against saves of the same entity without it;</li>
 * <li>dispatch throughput: a full outbox sent by the dispatcher against the same HTTP client posting the same
 * bodies with the same concurrency, without the library;</li>
 * <li>commit-to-receipt latency of messages published at a steady rate;</li>
 * <li>a long drain: a backlog of 200,000 pending deliveries sent by one dispatcher, the rate of its first fifth
 * against its last, so that a plan that slows down as dead row versions pile up shows;</li>
 * <li>live load: the application's own write speed while the dispatcher sends what it writes, against the same
 * saves of an entity without {@code @HttpReceiver}, with one writer and with eight.</li>
 * </ol>
 * With {@code only=kafka} it compares database mode with Kafka mode instead ({@link DispatchModesBenchmark}).
 * Run with {@code ./mvnw -pl benchmarks -am verify -Pbenchmark -DskipTests}; results are kept in
 * {@code docs/benchmarks.md}.
 */
public final class OutboundBenchmark {

	/** What a user is told to configure for throughput: {@code webhooks.dispatch.batch-size}. */
	static int BATCH_SIZE = 100;

	/** What a user is told to configure for throughput: {@code webhooks.dispatch.max-concurrency}. */
	static int CONCURRENCY = 64;

	/** PostgreSQL's {@code reWriteBatchedInserts=true} on the dispatcher's data source, as users are told to set. */
	static boolean REWRITE = true;

	/** Whether the raw limit sends the protocol's headers too (fixed values, nothing computed). */
	static boolean RAW_HEADERS = false;

	/**
	 * Whether the dispatchers' workers are virtual threads (Java 21+), as {@code spring.threads.virtual.enabled=true}
	 * makes them in the starter.
	 */
	static boolean VIRTUAL_THREADS = false;

	static final int CAPTURE_WARMUP_SAVES = 1_500;

	static final int CAPTURE_ROUNDS = 20;

	static final int CAPTURE_SAVES_PER_ROUND = 250;

	static final int DISPATCH_WARMUP = 10_000;

	static final int DISPATCH_DELIVERIES = 20_000;

	static final int DISPATCH_ROUNDS = 3;

	/** The backlog of the long drain; {@code drain=N} changes it for a quicker check. */
	static int DRAIN_DELIVERIES = 200_000;

	/** Saves per round of the live-load figure, and its rounds each way. */
	static final int LIVE_SAVES_PER_ROUND = 1_000;

	static final int LIVE_ROUNDS = 5;

	/** Saves per job of the end-to-end figure, and its jobs each way. */
	static final int PEER_SAVES_PER_JOB = 2_000;

	static final int PEER_JOBS = 3;

	/** Messages per second of the latency figure (the goal is stated at 500/s); {@code latencyRate=N} changes it. */
	static int LATENCY_RATE = 500;

	static final Duration LATENCY_WARMUP = Duration.ofSeconds(5);

	static final Duration LATENCY_DURATION = Duration.ofSeconds(20);

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final MediaType JSON = MediaType.get("application/json");

	private OutboundBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		// arguments are only for exploring:
		// batch=N concurrency=N rewrite=true|false rawHeaders=true|false drain=N latencyRate=N virtualThreads=true|false
		// only=capture|eventlog|dispatch|latency|drain|live|peer|ordered|kafka
		String only = "";
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			switch (pair[0]) {
				case "batch" -> BATCH_SIZE = Integer.parseInt(pair[1]);
				case "concurrency" -> CONCURRENCY = Integer.parseInt(pair[1]);
				case "drain" -> DRAIN_DELIVERIES = Integer.parseInt(pair[1]);
				case "latencyRate" -> LATENCY_RATE = Integer.parseInt(pair[1]);
				case "only" -> only = pair[1];
				case "rawHeaders" -> RAW_HEADERS = Boolean.parseBoolean(pair[1]);
				case "rewrite" -> REWRITE = Boolean.parseBoolean(pair[1]);
				case "virtualThreads" -> VIRTUAL_THREADS = Boolean.parseBoolean(pair[1]);
				default -> throw new IllegalArgumentException("unknown argument " + arg);
			}
		}
		long started = System.nanoTime();
		System.out.printf(Locale.ROOT, "Outbound benchmark: %d cores, %s %s, PostgreSQL at 127.0.0.1:5432%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.version"));
		System.out.printf(Locale.ROOT,
				"Dispatcher settings: batch-size %d, max-concurrency %d, max-idle-connections %d,"
						+ " reWriteBatchedInserts=%s, %s workers%n",
				BATCH_SIZE, CONCURRENCY, maxIdleConnections(), REWRITE, VIRTUAL_THREADS ? "virtual" : "platform");
		List<String> rows = new ArrayList<>();
		try (LocalReceiver receiver = new LocalReceiver(8, SECRET)) {
			if (only.isEmpty() || only.equals("capture")) {
				rows.addAll(captureOverhead(receiver));
			}
			if (only.isEmpty() || only.equals("eventlog")) {
				rows.addAll(eventLogOverhead(receiver));
			}
			if (only.isEmpty() || only.equals("dispatch")) {
				rows.addAll(dispatchThroughput(receiver));
			}
			if (only.isEmpty() || only.equals("latency")) {
				rows.addAll(commitToReceiptLatency(receiver));
			}
			if (only.isEmpty() || only.equals("drain")) {
				rows.addAll(longDrain(receiver));
			}
			if (only.isEmpty() || only.equals("ordered")) {
				rows.addAll(orderedThroughput(receiver));
			}
			if (only.isEmpty() || only.equals("live")) {
				rows.addAll(liveLoad(receiver, 1));
				rows.addAll(liveLoad(receiver, 8));
			}
			if (only.isEmpty() || only.equals("peer")) {
				rows.addAll(endToEndAgainstModulith(receiver));
			}
			// not in the plain run: it starts a Kafka broker and worker JVMs, and takes about four minutes
			if (only.equals("kafka")) {
				rows.addAll(DispatchModesBenchmark.run(receiver));
			}
			if (receiver.refused() > 0) {
				throw new IllegalStateException(receiver.refused() + " requests failed the receiver's signature check");
			}
		}
		System.out.println();
		System.out.println("| Figure | Library | Limit (same run) | Ratio | Target |");
		System.out.println("|---|---|---|---|---|");
		rows.forEach(System.out::println);
		System.out.printf(Locale.ROOT, "%nTotal run time: %d s%n",
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
		System.exit(0);
	}

	// ---- 1. capture overhead

	private static List<String> captureOverhead(LocalReceiver receiver) {
		section("1. Capture overhead (" + CAPTURE_ROUNDS + " interleaved rounds of " + CAPTURE_SAVES_PER_ROUND
				+ " saves each way, after " + CAPTURE_WARMUP_SAVES + " warm-up saves each way)");
		try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				ConfigurableApplicationContext app = application(database, receiver, false)) {
			PlainOrderRepository plain = app.getBean(PlainOrderRepository.class);
			CapturedOrderRepository captured = app.getBean(CapturedOrderRepository.class);
			AtomicInteger sequence = new AtomicInteger();
			Runnable savePlain = () -> plain.save(new PlainOrder(sequence.incrementAndGet()));
			Runnable saveCaptured = () -> captured.save(new CapturedOrder(sequence.incrementAndGet()));
			// not a figure of its own: the plain save plus an outbox row of the same size written by hand, which
			// splits the overhead into the cost of the extra row and the cost of capturing
			TransactionTemplate transactions = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
			DataSource dataSource = app.getBean(DataSource.class);
			OutboxWriter store = app.getBean(OutboxWriter.class);
			Endpoint endpoint = new Endpoint(receiver.url(), List.of(WebhookSecret.parse(SECRET)), Map.of());
			AtomicInteger handWritten = new AtomicInteger(1_000_000_000);
			Runnable savePlainWithRow = () -> transactions.executeWithoutResult((status) -> {
				plain.save(new PlainOrder(sequence.incrementAndGet()));
				store.insert(DataSourceUtils.getConnection(dataSource), deliveries(handWritten, 1, endpoint));
			});
			List<Runnable> variants = List.of(savePlain, saveCaptured, savePlainWithRow);
			long[] nanos = new long[variants.size()];
			variants.forEach((variant) -> time(variant, CAPTURE_WARMUP_SAVES));
			List<Double> roundRatios = new ArrayList<>();
			for (int round = 0; round < CAPTURE_ROUNDS; round++) {
				// rotate which goes first, so drift in the database (autovacuum, checkpoints) hits all alike
				long[] roundNanos = new long[variants.size()];
				for (int i = 0; i < variants.size(); i++) {
					int variant = (round + i) % variants.size();
					roundNanos[variant] = time(variants.get(variant), CAPTURE_SAVES_PER_ROUND);
					nanos[variant] += roundNanos[variant];
				}
				roundRatios.add((double) roundNanos[1] / roundNanos[0]);
			}
			long plainNanos = nanos[0];
			long capturedNanos = nanos[1];
			long expected = 2 * (CAPTURE_WARMUP_SAVES + (long) CAPTURE_ROUNDS * CAPTURE_SAVES_PER_ROUND);
			long outbox = app.getBean(DeliveryQueries.class).countByStatus(null).get(DeliveryStatus.PENDING);
			if (outbox != expected) {
				throw new IllegalStateException("expected " + expected + " captured deliveries, found " + outbox);
			}
			int saves = CAPTURE_ROUNDS * CAPTURE_SAVES_PER_ROUND;
			double plainMs = plainNanos / 1e6 / saves;
			double capturedMs = capturedNanos / 1e6 / saves;
			double ratio = capturedMs / plainMs;
			System.out.printf(Locale.ROOT, "without @HttpReceiver: %.3f ms per save%n", plainMs);
			System.out.printf(Locale.ROOT, "with @HttpReceiver:    %.3f ms per save (%d deliveries in the outbox)%n",
					capturedMs, outbox);
			System.out.printf(Locale.ROOT, "ratio: %.2f (median of the per-round ratios: %.2f)%n", ratio,
					median(roundRatios));
			double handWrittenMs = nanos[2] / 1e6 / saves;
			System.out.printf(Locale.ROOT,
					"for comparison, without @HttpReceiver but an outbox row of the same size inserted by hand in"
							+ " the same transaction: %.3f ms per save (ratio %.2f)%n",
					handWrittenMs, handWrittenMs / plainMs);
			return List.of(String.format(Locale.ROOT,
					"| Capture overhead, ms per save | %.3f | %.3f (no `@HttpReceiver`) | %.2f (round median %.2f) |"
							+ " <= 1.3 %s |",
					capturedMs, plainMs, ratio, median(roundRatios), verdict(ratio <= 1.3)));
		}
	}

	// ---- 1b. event log overhead

	/**
	 * Saves of an {@code @HttpReceiver} entity in an application that also keeps the event log
	 * ({@code webhooks.hooks.event-log.enabled}) against the same saves in one that does not: the cost of one more
	 * multi-row insert per transaction. Two applications on two schemas, rounds interleaved.
	 */
	private static List<String> eventLogOverhead(LocalReceiver receiver) {
		section("1b. Event log overhead (" + CAPTURE_ROUNDS + " interleaved rounds of " + CAPTURE_SAVES_PER_ROUND
				+ " saves each way, after " + CAPTURE_WARMUP_SAVES + " warm-up saves each way)");
		try (TestDatabase without = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				TestDatabase with = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				ConfigurableApplicationContext plainApp = application(without, receiver, false);
				ConfigurableApplicationContext loggingApp = application(with, receiver, false,
						"webhooks.hooks.event-log.enabled=true")) {
			AtomicInteger sequence = new AtomicInteger();
			CapturedOrderRepository plain = plainApp.getBean(CapturedOrderRepository.class);
			CapturedOrderRepository logging = loggingApp.getBean(CapturedOrderRepository.class);
			List<Runnable> variants = List.of(() -> plain.save(new CapturedOrder(sequence.incrementAndGet())),
					() -> logging.save(new CapturedOrder(sequence.incrementAndGet())));
			long[] nanos = new long[variants.size()];
			variants.forEach((variant) -> time(variant, CAPTURE_WARMUP_SAVES));
			List<Double> roundRatios = new ArrayList<>();
			for (int round = 0; round < CAPTURE_ROUNDS; round++) {
				long[] roundNanos = new long[variants.size()];
				for (int i = 0; i < variants.size(); i++) {
					int variant = (round + i) % variants.size();
					roundNanos[variant] = time(variants.get(variant), CAPTURE_SAVES_PER_ROUND);
					nanos[variant] += roundNanos[variant];
				}
				roundRatios.add((double) roundNanos[1] / roundNanos[0]);
			}
			long expected = CAPTURE_WARMUP_SAVES + (long) CAPTURE_ROUNDS * CAPTURE_SAVES_PER_ROUND;
			long logged = new JdbcTemplate(loggingApp.getBean(DataSource.class))
				.queryForObject("SELECT COUNT(*) FROM webhooks_event_log", Long.class);
			if (logged != expected) {
				throw new IllegalStateException("expected " + expected + " logged events, found " + logged);
			}
			int saves = CAPTURE_ROUNDS * CAPTURE_SAVES_PER_ROUND;
			double plainMs = nanos[0] / 1e6 / saves;
			double loggingMs = nanos[1] / 1e6 / saves;
			double ratio = loggingMs / plainMs;
			System.out.printf(Locale.ROOT, "@HttpReceiver save, no event log:   %.3f ms per save%n", plainMs);
			System.out.printf(Locale.ROOT, "@HttpReceiver save, with event log: %.3f ms per save (%d events logged)%n",
					loggingMs, logged);
			System.out.printf(Locale.ROOT, "ratio: %.2f (median of the per-round ratios: %.2f)%n", ratio,
					median(roundRatios));
			return List.of(String.format(Locale.ROOT,
					"| Event log overhead, ms per captured save | %.3f | %.3f (no event log) | %.2f (round median %.2f) |"
							+ " (none) |",
					loggingMs, plainMs, ratio, median(roundRatios)));
		}
	}

	static long time(Runnable save, int count) {
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			save.run();
		}
		return System.nanoTime() - start;
	}

	// ---- 2. dispatch throughput

	private static List<String> dispatchThroughput(LocalReceiver receiver) throws Exception {
		section("2. Dispatch throughput (" + DISPATCH_DELIVERIES + " deliveries, batch size " + BATCH_SIZE
				+ ", concurrency " + CONCURRENCY + ", " + DISPATCH_ROUNDS + " rounds after a warm-up of "
				+ DISPATCH_WARMUP + ")");
		Endpoint endpoint = new Endpoint(receiver.url(), List.of(WebhookSecret.parse(SECRET)), Map.of());
		// a pool that keeps a connection per concurrent request, as users are told to configure it
		OkHttpTransportSettings http = OkHttpTransportSettings.defaults()
			.withAllowPrivateAddresses(true)
			.withMaxIdleConnections(maxIdleConnections());
		try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				OkHttpWebhookTransport transport = new OkHttpWebhookTransport(http);
				OkHttpWebhookTransport rawTransport = new OkHttpWebhookTransport(http)) {
			DataSource dataSource = REWRITE ? rewriting(database) : database.dataSource();
			WebhooksSchema.migrate(dataSource);
			JsonMapper json = JsonMapper.builder().build();
			JdbcOutboxWriter writer = new JdbcOutboxWriter(json);
			JdbcDeliveryLeases store = new JdbcDeliveryLeases(dataSource, json);
			AtomicInteger sequence = new AtomicInteger();
			// warm-up: JIT, connection pools, the database's caches
			raw(rawTransport.client(), endpoint.url(), bodies(sequence, DISPATCH_WARMUP, endpoint));
			dispatch(writer, store, dataSource, transport, endpoint, deliveries(sequence, DISPATCH_WARMUP, endpoint));
			List<Double> rawRates = new ArrayList<>();
			List<Double> libraryRates = new ArrayList<>();
			for (int round = 1; round <= DISPATCH_ROUNDS; round++) {
				List<NewDelivery> batch = deliveries(sequence, DISPATCH_DELIVERIES, endpoint);
				List<byte[]> bodies = batch.stream().map((d) -> d.payload().getBytes(StandardCharsets.UTF_8)).toList();
				double rawRate;
				DispatchRun run;
				if (round % 2 == 1) {
					rawRate = raw(rawTransport.client(), endpoint.url(), bodies);
					run = dispatch(writer, store, dataSource, transport, endpoint, batch);
				}
				else {
					run = dispatch(writer, store, dataSource, transport, endpoint, batch);
					rawRate = raw(rawTransport.client(), endpoint.url(), bodies);
				}
				rawRates.add(rawRate);
				libraryRates.add(run.rate());
				System.out.printf(Locale.ROOT,
						"round %d: raw %,.0f/s, library %,.0f/s (ratio %.2f); inserted at %,.0f/s; %d claims of %.1f"
								+ " on average (%.2f ms each), %d completions of %.1f on average (%.2f ms each)%n",
						round, rawRate, run.rate(), run.rate() / rawRate, run.insertRate(), run.claims(),
						run.averageClaim(), run.claimMs(), run.completions(), run.averageCompletion(),
						run.completeMs());
			}
			// where the time goes: the same dispatcher and outbox with a transport that answers at once
			WebhookTransport instant = (request) -> new TransportResponse(204, null, "");
			DispatchRun outboxOnly = dispatch(writer, store, dataSource, instant, endpoint,
					deliveries(sequence, DISPATCH_DELIVERIES, endpoint));
			System.out.printf(Locale.ROOT,
					"without HTTP (a transport that answers 204 at once): %,.0f/s; %d claims of %.1f on average"
							+ " (%.2f ms each), %d completions of %.1f on average (%.2f ms each)%n",
					outboxOnly.rate(), outboxOnly.claims(), outboxOnly.averageClaim(), outboxOnly.claimMs(),
					outboxOnly.completions(), outboxOnly.averageCompletion(), outboxOnly.completeMs());
			// and the dispatcher, signing and HTTP without the database: the outbox in memory
			InMemoryOutbox memory = new InMemoryOutbox(Clock.systemUTC());
			List<NewDelivery> inMemory = deliveries(sequence, DISPATCH_DELIVERIES, endpoint);
			long memoryStart = System.nanoTime();
			memory.insert(null, inMemory);
			DispatchRun withoutDatabase = dispatch(memory, transport, endpoint, inMemory, memoryStart);
			System.out.printf(Locale.ROOT, "without the database (the outbox in memory): %,.0f/s (ratio to raw %.2f)%n",
					withoutDatabase.rate(), withoutDatabase.rate() / median(rawRates));
			long succeeded = new JdbcDeliveryQueries(dataSource, json).countByStatus(null)
				.get(DeliveryStatus.SUCCEEDED);
			long expected = DISPATCH_WARMUP + (long) (DISPATCH_ROUNDS + 1) * DISPATCH_DELIVERIES;
			if (succeeded != expected) {
				throw new IllegalStateException("expected " + expected + " SUCCEEDED deliveries, found " + succeeded);
			}
			double rawRate = median(rawRates);
			double libraryRate = median(libraryRates);
			double ratio = libraryRate / rawRate;
			System.out.printf(Locale.ROOT, "median: raw %,.0f/s, library %,.0f/s, ratio %.2f%n", rawRate, libraryRate,
					ratio);
			return List.of(String.format(Locale.ROOT,
					"| Dispatch throughput, deliveries/s | %,.0f | %,.0f (same client, no DB, no signing) | %.2f |"
							+ " >= 0.7 %s, >= 2,000/s %s |",
					libraryRate, rawRate, ratio, verdict(ratio >= 0.7), verdict(libraryRate >= 2_000)),
					String.format(Locale.ROOT,
							"| (diagnostic) Dispatch without HTTP, deliveries/s | %,.0f | - | - | the outbox's own"
									+ " ceiling |",
							outboxOnly.rate()),
					String.format(Locale.ROOT,
							"| (diagnostic) Dispatch without the database, deliveries/s | %,.0f | %,.0f | %.2f |"
									+ " the HTTP side's ceiling |",
							withoutDatabase.rate(), rawRate, withoutDatabase.rate() / rawRate));
		}
	}

	// ---- ordered against unordered delivery

	/** Lanes of the ordered job: each entity's {@code DISPATCH_DELIVERIES / ORDERED_LANES} changes go in order. */
	static final int ORDERED_LANES = 1_000;

	/**
	 * The dispatch job of section 2 twice per round, as it is and with every delivery in the lane of its entity
	 * ({@code ORDERED_LANES} entities, 20 changes each), interleaved, after a warm-up of each.
	 */
	private static List<String> orderedThroughput(LocalReceiver receiver) throws Exception {
		section("8. Ordered against unordered delivery (" + DISPATCH_DELIVERIES + " deliveries, " + ORDERED_LANES
				+ " lanes when ordered, " + DISPATCH_ROUNDS + " rounds each way after a warm-up)");
		Endpoint endpoint = new Endpoint(receiver.url(), List.of(WebhookSecret.parse(SECRET)), Map.of());
		OkHttpTransportSettings http = OkHttpTransportSettings.defaults()
			.withAllowPrivateAddresses(true)
			.withMaxIdleConnections(maxIdleConnections());
		try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				OkHttpWebhookTransport transport = new OkHttpWebhookTransport(http)) {
			DataSource dataSource = REWRITE ? rewriting(database) : database.dataSource();
			WebhooksSchema.migrate(dataSource);
			JsonMapper json = JsonMapper.builder().build();
			JdbcOutboxWriter writer = new JdbcOutboxWriter(json);
			JdbcDeliveryLeases store = new JdbcDeliveryLeases(dataSource, json);
			AtomicInteger sequence = new AtomicInteger();
			dispatch(writer, store, dataSource, transport, endpoint, deliveries(sequence, DISPATCH_WARMUP, endpoint));
			dispatch(writer, store, dataSource, transport, endpoint,
					ordered(deliveries(sequence, DISPATCH_WARMUP, endpoint)));
			List<Double> unorderedRates = new ArrayList<>();
			List<Double> orderedRates = new ArrayList<>();
			for (int round = 1; round <= DISPATCH_ROUNDS; round++) {
				boolean[] order = (round % 2 == 1) ? new boolean[] { false, true } : new boolean[] { true, false };
				for (boolean ordered : order) {
					List<NewDelivery> batch = deliveries(sequence, DISPATCH_DELIVERIES, endpoint);
					DispatchRun run = dispatch(writer, store, dataSource, transport, endpoint,
							ordered ? ordered(batch) : batch);
					(ordered ? orderedRates : unorderedRates).add(run.rate());
					System.out.printf(Locale.ROOT,
							"round %d %s: %,.0f/s; %d claims of %.1f on average (%.2f ms each)%n", round,
							ordered ? "ordered" : "unordered", run.rate(), run.claims(), run.averageClaim(),
							run.claimMs());
				}
			}
			double unordered = median(unorderedRates);
			double ordered = median(orderedRates);
			System.out.printf(Locale.ROOT, "median: unordered %,.0f/s, ordered %,.0f/s, ratio %.2f%n", unordered,
					ordered, ordered / unordered);
			return List.of(String.format(Locale.ROOT,
					"| Ordered dispatch (%d lanes), deliveries/s | %,.0f | %,.0f (the same job unordered) | %.2f | - |",
					ORDERED_LANES, ordered, unordered, ordered / unordered));
		}
	}

	/** The deliveries in the lanes of their entities: delivery n belongs to entity n modulo the lanes. */
	private static List<NewDelivery> ordered(List<NewDelivery> deliveries) {
		return deliveries.stream()
			.map((d) -> d.withOrderingKey("CapturedOrder:" + (Integer.parseInt(d.entityId()) % ORDERED_LANES)))
			.toList();
	}

	private static DispatchRun dispatch(OutboxWriter writer, DeliveryLeases store, DataSource dataSource,
			WebhookTransport transport, Endpoint endpoint, List<NewDelivery> deliveries) throws SQLException {
		long insertStart = System.nanoTime();
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			writer.insert(connection, deliveries);
			connection.commit();
			connection.setAutoCommit(true);
		}
		return dispatch(store, transport, endpoint, deliveries, insertStart);
	}

	private static DispatchRun dispatch(DeliveryLeases store, WebhookTransport transport, Endpoint endpoint,
			List<NewDelivery> deliveries, long insertStart) {
		double insertRate = deliveries.size() / ((System.nanoTime() - insertStart) / 1e9);
		CountingDeliveryLeases counting = new CountingDeliveryLeases(store);
		DispatcherSettings settings = DispatcherSettings.defaults("bench")
			.withBatchSize(BATCH_SIZE)
			.withMaxConcurrency(CONCURRENCY)
			.withLoggerName("bench.dispatch");
		long start;
		long end;
		try (DeliveryDispatcher dispatcher = new DeliveryDispatcher(counting, (delivery) -> Optional.of(endpoint),
				transport, new WebhookSigner(), new ExponentialBackoffRetryPolicy(), settings, Clock.systemUTC())) {
			if (VIRTUAL_THREADS) {
				dispatcher.setWorkerThreadFactory(
						new VirtualThreadTaskExecutor("webhooks-dispatch-worker-").getVirtualThreadFactory());
			}
			start = System.nanoTime();
			dispatcher.start();
			long deadline = start + TimeUnit.SECONDS.toNanos(120);
			while (counting.completed.get() < deliveries.size()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("only " + counting.completed.get() + " of " + deliveries.size()
							+ " deliveries done after 120 s");
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
			end = System.nanoTime();
		}
		return new DispatchRun(deliveries.size() / ((end - start) / 1e9), insertRate, counting.claims.get(),
				counting.claimed.get(), counting.claimNanos.get(), counting.completions.get(),
				counting.completed.get(), counting.completeNanos.get());
	}

	// ---- 4. long drain

	/**
	 * A backlog drained by one dispatcher on PostgreSQL, timed per fifth: every delivery sent leaves dead row versions
	 * behind, and a statement planned through the wrong index slows down as they pile up (issue 18: 587/s falling to
	 * 69/s), so the last fifth is compared with the first.
	 */
	private static List<String> longDrain(LocalReceiver receiver) throws Exception {
		int total = DRAIN_DELIVERIES;
		long maxHeap = Runtime.getRuntime().maxMemory();
		section("4. Long drain (" + total + " pending deliveries, one dispatcher, PostgreSQL, max heap "
				+ (maxHeap >> 20) + " MB)");
		Endpoint endpoint = new Endpoint(receiver.url(), List.of(WebhookSecret.parse(SECRET)), Map.of());
		OkHttpTransportSettings http = OkHttpTransportSettings.defaults()
			.withAllowPrivateAddresses(true)
			.withMaxIdleConnections(maxIdleConnections());
		try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				OkHttpWebhookTransport transport = new OkHttpWebhookTransport(http)) {
			DataSource dataSource = REWRITE ? rewriting(database) : database.dataSource();
			WebhooksSchema.migrate(dataSource);
			JsonMapper json = JsonMapper.builder().build();
			AtomicInteger sequence = new AtomicInteger();
			CountingDeliveryLeases leases = new CountingDeliveryLeases(new JdbcDeliveryLeases(dataSource, json));
			// the limit: a small backlog drained by the same dispatcher settings on the same database
			insertPending(dataSource, json, sequence, DISPATCH_DELIVERIES, endpoint);
			long[] smallEnd = drain(leases, endpoint, transport, DISPATCH_DELIVERIES, 1);
			double small = rate(DISPATCH_DELIVERIES, smallEnd[0], smallEnd[1]);
			System.out.printf(Locale.ROOT, "small backlog: %,d drained at %,.0f/s%n", DISPATCH_DELIVERIES, small);
			long insertStart = System.nanoTime();
			insertPending(dataSource, json, sequence, total, endpoint);
			System.out.printf(Locale.ROOT, "inserted %,d deliveries in %d s%n", total,
					TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - insertStart));
			System.gc();
			resetPeakHeap();
			leases.completed.set(0);
			long[] fifthEnds = drain(leases, endpoint, transport, total, 5);
			long peakHeap = peakHeap();
			long start = fifthEnds[0];
			double overall = rate(total, start, fifthEnds[5]);
			double first = rate(total / 5, start, fifthEnds[1]);
			double last = rate(total / 5, fifthEnds[4], fifthEnds[5]);
			System.out.printf(Locale.ROOT, "drained %,d in %d s: %,.0f/s overall, first fifth %,.0f/s, last fifth"
					+ " %,.0f/s (%.2f of the first); %.2f of the small backlog's rate; peak heap %,d MB of %,d MB%n",
					total, TimeUnit.NANOSECONDS.toSeconds(fifthEnds[5] - start), overall, first, last, last / first,
					overall / small, peakHeap >> 20, maxHeap >> 20);
			return List.of(String.format(Locale.ROOT,
					"| Long drain of %,d pending, deliveries/s (first fifth -> last fifth) | %,.0f -> %,.0f"
							+ " (%,.0f overall) | - | %.2f | last fifth >= 0.8 of the first %s |",
					total, first, last, overall, last / first, verdict(last >= 0.8 * first)),
					String.format(Locale.ROOT,
							"| Backlog of %,d at a %,d MB heap, deliveries/s overall (peak heap %,d MB) | %,.0f |"
									+ " %,.0f (backlog of %,d) | %.2f | >= 0.8 %s |",
							total, maxHeap >> 20, peakHeap >> 20, overall, small, DISPATCH_DELIVERIES,
							overall / small, verdict(overall >= 0.8 * small)));
		}
	}

	private static void insertPending(DataSource dataSource, JsonMapper json, AtomicInteger sequence, int total,
			Endpoint endpoint) throws SQLException {
		JdbcOutboxWriter writer = new JdbcOutboxWriter(json);
		for (int written = 0; written < total; written += DISPATCH_DELIVERIES) {
			try (Connection connection = dataSource.getConnection()) {
				connection.setAutoCommit(false);
				writer.insert(connection, deliveries(sequence, Math.min(DISPATCH_DELIVERIES, total - written), endpoint));
				connection.commit();
				connection.setAutoCommit(true);
			}
		}
	}

	/** Starts a dispatcher, waits until it has completed {@code total}, noting the time at each of {@code parts}. */
	private static long[] drain(CountingDeliveryLeases leases, Endpoint endpoint, OkHttpWebhookTransport transport,
			int total, int parts) {
		DispatcherSettings settings = DispatcherSettings.defaults("bench")
			.withBatchSize(BATCH_SIZE)
			.withMaxConcurrency(CONCURRENCY)
			.withLoggerName("bench.dispatch");
		long[] ends = new long[parts + 1];
		try (DeliveryDispatcher dispatcher = new DeliveryDispatcher(leases, (delivery) -> Optional.of(endpoint),
				transport, new WebhookSigner(), new ExponentialBackoffRetryPolicy(), settings, Clock.systemUTC())) {
			ends[0] = System.nanoTime();
			dispatcher.start();
			long deadline = ends[0] + TimeUnit.MINUTES.toNanos(60);
			for (int part = 1; part <= parts; part++) {
				long goal = (long) total * part / parts;
				while (leases.completed.get() < goal) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("only " + leases.completed.get() + " of " + total
								+ " deliveries done after 60 minutes");
					}
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
				}
				ends[part] = System.nanoTime();
				if (parts > 1) {
					System.out.printf(Locale.ROOT, "part %d of %d: %,.0f deliveries/s%n", part, parts,
							rate(total / parts, ends[part - 1], ends[part]));
				}
			}
		}
		return ends;
	}

	private static void resetPeakHeap() {
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				pool.resetPeakUsage();
			}
		}
	}

	/** The sum of the heap pools' peaks since the reset: an upper bound of the heap in use at any one moment. */
	private static long peakHeap() {
		long peak = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				peak += pool.getPeakUsage().getUsed();
			}
		}
		return peak;
	}

	private static double rate(long deliveries, long fromNanos, long toNanos) {
		return deliveries / ((toNanos - fromNanos) / 1e9);
	}

	/** The same bodies posted by the same client with the same concurrency: what the HTTP path allows. */
	private static double raw(OkHttpClient client, String url, List<byte[]> bodies) throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		AtomicReference<Exception> failure = new AtomicReference<>();
		CountDownLatch done = new CountDownLatch(CONCURRENCY);
		long start = System.nanoTime();
		for (int t = 0; t < CONCURRENCY; t++) {
			Thread thread = new Thread(() -> {
				try {
					for (int i; (i = next.getAndIncrement()) < bodies.size();) {
						Request.Builder builder = new Request.Builder().url(url)
							.post(RequestBody.create(bodies.get(i), JSON));
						if (RAW_HEADERS) {
							// the protocol's headers with fixed values: what they cost without computing them
							builder.header("user-agent", "webhooks/0.1")
								.header("webhook-id", "msg_bench" + i)
								.header("webhook-timestamp", "1763700000")
								.header("webhook-source", LocalReceiver.UNCHECKED_SOURCE)
								.header("webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=");
						}
						Request request = builder.build();
						try (Response response = client.newCall(request).execute()) {
							if (response.code() != 204) {
								throw new IllegalStateException("receiver answered " + response.code());
							}
							response.body().bytes();
						}
					}
				}
				catch (Exception ex) {
					failure.compareAndSet(null, ex);
				}
				finally {
					done.countDown();
				}
			}, "raw-" + t);
			thread.setDaemon(true);
			thread.start();
		}
		done.await();
		long elapsed = System.nanoTime() - start;
		if (failure.get() != null) {
			throw new IllegalStateException("raw posting failed", failure.get());
		}
		return bodies.size() / (elapsed / 1e9);
	}

	private static List<byte[]> bodies(AtomicInteger sequence, int count, Endpoint endpoint) {
		return deliveries(sequence, count, endpoint).stream()
			.map((d) -> d.payload().getBytes(StandardCharsets.UTF_8))
			.toList();
	}

	/** Deliveries shaped like captured order changes, about 400 bytes each. */
	static List<NewDelivery> deliveries(AtomicInteger sequence, int count, Endpoint endpoint) {
		Instant now = Instant.now();
		List<NewDelivery> deliveries = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			int n = sequence.incrementAndGet();
			String id = "msg_bench" + String.format(Locale.ROOT, "%017d", n);
			String payload = "{\"type\":\"orders.created\",\"timestamp\":\"" + now + "\",\"source\":\"bench\","
					+ "\"entityType\":\"CapturedOrder\",\"entityId\":" + n + ",\"data\":{\"id\":" + n
					+ ",\"number\":\"SO-" + n + "\",\"customerEmail\":\"customer" + (n % 1000)
					+ "@example.com\",\"status\":\"PLACED\",\"total\":" + (19.99 + n % 5000)
					+ ",\"currency\":\"EUR\",\"itemCount\":" + (1 + n % 7) + ",\"placedAt\":\"" + now
					+ "\",\"note\":\"Leave the parcel at the front desk\"}}";
			deliveries.add(new NewDelivery(id, Target.server("receiver"), endpoint.url(), "POST", Map.of(), "orders.created",
					"CapturedOrder", Integer.toString(n), payload, now));
		}
		return deliveries;
	}

	private record DispatchRun(double rate, double insertRate, long claims, long claimed, long claimNanos,
			long completions, long completed, long completeNanos) {

		double averageClaim() {
			return (double) this.claimed / Math.max(1, this.claims);
		}

		double claimMs() {
			return this.claimNanos / 1e6 / Math.max(1, this.claims);
		}

		double averageCompletion() {
			return (double) this.completed / Math.max(1, this.completions);
		}

		double completeMs() {
			return this.completeNanos / 1e6 / Math.max(1, this.completions);
		}

	}

	// ---- 3. commit-to-receipt latency

	private static List<String> commitToReceiptLatency(LocalReceiver receiver) throws InterruptedException {
		section("3. Commit-to-receipt latency (" + LATENCY_RATE + " messages/s for " + LATENCY_DURATION.toSeconds()
				+ " s after " + LATENCY_WARMUP.toSeconds() + " s of warm-up)");
		try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				ConfigurableApplicationContext app = application(database, receiver, true)) {
			WebhookPublisher publisher = app.getBean(WebhookPublisher.class);
			TransactionTemplate transactions = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
			Map<String, Long> arrivals = receiver.record();
			Map<String, Long> commits = new ConcurrentHashMap<>();
			long periodNanos = TimeUnit.SECONDS.toNanos(1) / LATENCY_RATE;
			int warmup = (int) (LATENCY_WARMUP.toSeconds() * LATENCY_RATE);
			int measured = (int) (LATENCY_DURATION.toSeconds() * LATENCY_RATE);
			long start = System.nanoTime();
			long behindMax = 0;
			for (int i = 0; i < warmup + measured; i++) {
				// a fixed schedule: a slow transaction does not lower the rate, the next ones catch up
				long due = start + i * periodNanos;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				else {
					behindMax = Math.max(behindMax, -wait);
				}
				boolean record = i >= warmup;
				int n = i;
				transactions.executeWithoutResult((status) -> {
					String[] id = new String[1];
					// registered before the publisher's own, so it runs first after the commit
					TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

						@Override
						public void afterCommit() {
							if (record) {
								commits.put(id[0], System.nanoTime());
							}
						}

					});
					id[0] = publisher.publish("orders.placed", Map.of("number", "SO-" + n, "total", 19.99)).get(0);
				});
			}
			double achievedRate = (warmup + measured) / ((System.nanoTime() - start) / 1e9);
			long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!arrivals.keySet().containsAll(commits.keySet()) && System.nanoTime() < waitUntil) {
				Thread.sleep(10);
			}
			receiver.stopRecording();
			Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
			int missing = 0;
			for (Map.Entry<String, Long> commit : commits.entrySet()) {
				Long arrival = arrivals.get(commit.getKey());
				if (arrival == null) {
					missing++;
					continue;
				}
				histogram.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(arrival - commit.getValue())));
			}
			if (missing > 0 || commits.size() != measured) {
				throw new IllegalStateException(missing + " of " + commits.size() + " messages never arrived");
			}
			double p50 = histogram.getValueAtPercentile(50) / 1000.0;
			double p99 = histogram.getValueAtPercentile(99) / 1000.0;
			double max = histogram.getMaxValue() / 1000.0;
			System.out.printf(Locale.ROOT,
					"%d messages at %.0f/s achieved (publisher at most %.1f ms behind schedule): p50 %.2f ms,"
							+ " p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
					measured, achievedRate, behindMax / 1e6, p50, histogram.getValueAtPercentile(90) / 1000.0, p99,
					histogram.getValueAtPercentile(99.9) / 1000.0, max);
			return List.of(String.format(Locale.ROOT,
					"| Commit-to-receipt latency at %d/s, ms | p50 %.2f, p99 %.2f, max %.2f | - | - |"
							+ " p50 <= 5 and p99 <= 25 %s |",
					LATENCY_RATE, p50, p99, max, verdict(p50 <= 5 && p99 <= 25)));
		}
	}

	// ---- 5. live load

	/**
	 * Sequential saves, each in its own transaction, by the given number of writers, with the dispatcher live and
	 * sending to the local receiver, against the same number of saves of an entity without {@code @HttpReceiver} in
	 * the same application (what the application would do with webhooks off). Rounds alternate; after a captured
	 * round the next round waits until the receiver has every delivery, so a plain round never shares the machine
	 * with sends.
	 */
	private static List<String> liveLoad(LocalReceiver receiver, int writers) throws Exception {
		section("5. Live load (" + writers + " writer(s), " + LIVE_ROUNDS + " alternating rounds of "
				+ LIVE_SAVES_PER_ROUND + " saves each way, dispatcher live)");
		try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				ConfigurableApplicationContext app = application(database, receiver, true)) {
			PlainOrderRepository plain = app.getBean(PlainOrderRepository.class);
			CapturedOrderRepository captured = app.getBean(CapturedOrderRepository.class);
			AtomicInteger sequence = new AtomicInteger();
			Runnable savePlain = () -> plain.save(new PlainOrder(sequence.incrementAndGet()));
			Runnable saveCaptured = () -> captured.save(new CapturedOrder(sequence.incrementAndGet()));
			ExecutorService pool = Executors.newFixedThreadPool(writers);
			try {
				long expected = receiver.received();
				// warm-up: one round each way
				timeWriters(pool, writers, savePlain, LIVE_SAVES_PER_ROUND);
				timeWriters(pool, writers, saveCaptured, LIVE_SAVES_PER_ROUND);
				expected += LIVE_SAVES_PER_ROUND;
				awaitReceived(receiver, expected);
				long plainNanos = 0;
				long capturedNanos = 0;
				List<Double> roundRatios = new ArrayList<>();
				HostCost host = HostCost.of(app.getBean(DataSource.class));
				HostCost.Snapshot plainCost = HostCost.Snapshot.zero();
				HostCost.Snapshot capturedCost = HostCost.Snapshot.zero();
				for (int round = 0; round < LIVE_ROUNDS; round++) {
					HostCost.Snapshot start = host.snapshot();
					long plainRound = timeWriters(pool, writers, savePlain, LIVE_SAVES_PER_ROUND);
					HostCost.Snapshot afterPlain = settled(host);
					long capturedRound = timeWriters(pool, writers, saveCaptured, LIVE_SAVES_PER_ROUND);
					expected += LIVE_SAVES_PER_ROUND;
					awaitReceived(receiver, expected);
					HostCost.Snapshot afterCaptured = settled(host);
					plainCost = plainCost.plus(afterPlain.minus(start));
					capturedCost = capturedCost.plus(afterCaptured.minus(afterPlain));
					plainNanos += plainRound;
					capturedNanos += capturedRound;
					roundRatios.add((double) plainRound / capturedRound);
				}
				int saves = LIVE_ROUNDS * LIVE_SAVES_PER_ROUND;
				double plainRate = saves / (plainNanos / 1e9);
				double capturedRate = saves / (capturedNanos / 1e9);
				double ratio = capturedRate / plainRate;
				double goal = (writers == 1) ? 0.7 : 0.8;
				System.out.printf(Locale.ROOT,
						"without @HttpReceiver: %,.0f saves/s; with @HttpReceiver and live dispatch: %,.0f saves/s;"
								+ " ratio %.2f (median of the per-round ratios: %.2f)%n",
						plainRate, capturedRate, ratio, median(roundRatios));
				double plainCpu = (plainCost.jvmCpuNanos() + plainCost.databaseCpuNanos()) / 1e6 / saves;
				double capturedCpu = (capturedCost.jvmCpuNanos() + capturedCost.databaseCpuNanos()) / 1e6 / saves;
				System.out.printf(Locale.ROOT,
						"CPU per save, JVM + PostgreSQL backends: without %.3f + %.3f ms, with (save and its delivery)"
								+ " %.3f + %.3f ms; ratio %.2f%n",
						plainCost.jvmCpuNanos() / 1e6 / saves, plainCost.databaseCpuNanos() / 1e6 / saves,
						capturedCost.jvmCpuNanos() / 1e6 / saves, capturedCost.databaseCpuNanos() / 1e6 / saves,
						plainCpu / capturedCpu);
				System.out.printf(Locale.ROOT,
						"commits per save (database-wide): without %.2f, with %.2f; outbox rows per delivery: %.2f inserted"
								+ " (delivery and attempt), %.2f updated (%.0f %% HOT)%n",
						(double) plainCost.commits() / saves, (double) capturedCost.commits() / saves,
						(double) capturedCost.outboxInserts() / saves, (double) capturedCost.outboxUpdates() / saves,
						100.0 * capturedCost.outboxHotUpdates() / Math.max(1, capturedCost.outboxUpdates()));
				return List.of(String.format(Locale.ROOT,
						"| Live load, %d writer(s), saves/s while webhooks flow | %,.0f | %,.0f (no `@HttpReceiver`) |"
								+ " %.2f (round median %.2f) | >= %.1f %s |",
						writers, capturedRate, plainRate, ratio, median(roundRatios), goal, verdict(ratio >= goal)),
						String.format(Locale.ROOT,
								"| (diagnostic) Live load, %d writer(s), CPU ms per save incl. its delivery (JVM + database)"
										+ " | %.3f | %.3f (no `@HttpReceiver`) | %.2f | the ceiling of the ratio on a"
										+ " saturated machine |",
								writers, capturedCpu, plainCpu, plainCpu / capturedCpu));
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	// ---- 6. end to end against a peer

	private static List<String> endToEndAgainstModulith(LocalReceiver receiver) throws Exception {
		section("6. End to end against Spring Modulith (" + PEER_JOBS + " alternating jobs of " + PEER_SAVES_PER_JOB
				+ " sequential saves each way, each until the receiver has them all)");
		try (TestDatabase libraryDatabase = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				TestDatabase peerDatabase = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				ConfigurableApplicationContext library = application(libraryDatabase, receiver, true);
				ConfigurableApplicationContext peer = modulithPeer(peerDatabase, receiver)) {
			CapturedOrderRepository captured = library.getBean(CapturedOrderRepository.class);
			PeerOrders peerOrders = peer.getBean(PeerOrders.class);
			AtomicInteger sequence = new AtomicInteger();
			Runnable libraryJob = () -> captured.save(new CapturedOrder(sequence.incrementAndGet()));
			Runnable peerJob = () -> peerOrders.place(sequence.incrementAndGet());
			// warm-up: one job each way
			job(receiver, libraryJob, PEER_SAVES_PER_JOB);
			job(receiver, peerJob, PEER_SAVES_PER_JOB);
			long libraryNanos = 0;
			long peerNanos = 0;
			List<Double> jobRatios = new ArrayList<>();
			for (int round = 0; round < PEER_JOBS; round++) {
				long libraryRound = job(receiver, libraryJob, PEER_SAVES_PER_JOB);
				long peerRound = job(receiver, peerJob, PEER_SAVES_PER_JOB);
				libraryNanos += libraryRound;
				peerNanos += peerRound;
				jobRatios.add((double) peerRound / libraryRound);
			}
			int saves = PEER_JOBS * PEER_SAVES_PER_JOB;
			double libraryRate = saves / (libraryNanos / 1e9);
			double peerRate = saves / (peerNanos / 1e9);
			double ratio = libraryRate / peerRate;
			System.out.printf(Locale.ROOT,
					"library: %,.0f saves/s received; Spring Modulith: %,.0f saves/s received; ratio %.2f"
							+ " (median of the per-job ratios: %.2f)%n",
					libraryRate, peerRate, ratio, median(jobRatios));
			return List.of(String.format(Locale.ROOT,
					"| End to end, sequential saves until received, per s | %,.0f | %,.0f (Spring Modulith) |"
							+ " %.2f (job median %.2f) | >= 3 %s |",
					libraryRate, peerRate, ratio, median(jobRatios), verdict(ratio >= 3)));
		}
	}

	/** Runs {@code count} saves on this thread and waits until the receiver has their webhooks. */
	private static long job(LocalReceiver receiver, Runnable save, int count) throws InterruptedException {
		long expected = receiver.received() + count;
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			save.run();
		}
		awaitReceived(receiver, expected);
		return System.nanoTime() - start;
	}

	private static ConfigurableApplicationContext modulithPeer(TestDatabase database, LocalReceiver receiver) {
		return new SpringApplicationBuilder(ModulithPeerApplication.class).web(WebApplicationType.NONE)
			.properties(database.springProperties())
			.properties("spring.main.banner-mode=off", "spring.jpa.hibernate.ddl-auto=create-drop",
					"spring.jpa.open-in-view=false", "logging.level.root=WARN", "webhooks.enabled=false",
					"spring.modulith.events.jdbc.schema-initialization.enabled=true",
					"peer.receiver-url=" + receiver.url(), "peer.secret=" + SECRET)
			.run();
	}

	/** PostgreSQL publishes a backend's counters within a second of its transactions; wait for them. */
	private static HostCost.Snapshot settled(HostCost host) throws InterruptedException {
		Thread.sleep(1_100);
		return host.snapshot();
	}

	/** Runs {@code count} saves spread over the writers and returns the wall time they took. */
	private static long timeWriters(ExecutorService pool, int writers, Runnable save, int count) throws Exception {
		List<Future<?>> done = new ArrayList<>();
		long start = System.nanoTime();
		for (int writer = 0; writer < writers; writer++) {
			int share = count / writers + ((writer < count % writers) ? 1 : 0);
			done.add(pool.submit(() -> time(save, share)));
		}
		for (Future<?> future : done) {
			future.get();
		}
		return System.nanoTime() - start;
	}

	private static void awaitReceived(LocalReceiver receiver, long expected) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (receiver.received() < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the receiver has " + receiver.received() + " of " + expected
						+ " deliveries after 60 s");
			}
			Thread.sleep(5);
		}
	}

	// ---- helpers

	private static ConfigurableApplicationContext application(TestDatabase database, LocalReceiver receiver,
			boolean dispatch, String... more) {
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.properties(database.springProperties())
			.properties("spring.datasource.url=" + database.jdbcUrl() + (REWRITE ? "&reWriteBatchedInserts=true" : "")
					+ "&ApplicationName=" + HostCost.APPLICATION_NAME)
			.properties("spring.main.banner-mode=off", "spring.jpa.hibernate.ddl-auto=create-drop",
					"spring.jpa.open-in-view=false", "logging.level.root=WARN", "webhooks.app-id=bench",
					"webhooks.servers.receiver.url=" + receiver.url(), "webhooks.servers.receiver.secret=" + SECRET,
					"webhooks.http.allow-private-addresses=true", "webhooks.dispatch.enabled=" + dispatch,
					"webhooks.dispatch.batch-size=" + BATCH_SIZE, "webhooks.dispatch.max-concurrency=" + CONCURRENCY,
					"webhooks.http.max-idle-connections=" + maxIdleConnections())
			.properties(more)
			.run();
	}

	static DataSource rewriting(TestDatabase database) {
		com.zaxxer.hikari.HikariDataSource dataSource = new com.zaxxer.hikari.HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl() + "&reWriteBatchedInserts=true");
		dataSource.setUsername(database.username());
		dataSource.setPassword(database.password());
		dataSource.setMaximumPoolSize(10);
		return dataSource;
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	static int maxIdleConnections() {
		return Math.max(OkHttpTransportSettings.defaults().maxIdleConnections(), CONCURRENCY);
	}

	private static void section(String title) {
		System.out.println();
		System.out.println("== " + title);
	}

	private static String verdict(boolean met) {
		return met ? "(met)" : "(MISSED)";
	}

}
