package dev.webhooks.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.delivery.jdbc.JdbcOutboxWriter;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.Endpoint;
import dev.webhooks.dispatch.ExponentialBackoffRetryPolicy;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.jdbc.WebhooksSchema;
import dev.webhooks.kafka.DeliveryRecords;
import dev.webhooks.kafka.OutboxRelay;
import dev.webhooks.kafka.RelaySettings;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;
import dev.webhooks.testing.TestDatabase;

/**
 * Database mode against Kafka mode on the same jobs, on one PostgreSQL schema and one local receiver: a backlog drained
 * by one {@link DeliveryDispatcher} claiming from the outbox, by an {@link OutboxRelay} and one Kafka-mode worker, and
 * by the relay and two workers in one consumer group; then a trickle of deliveries written one per transaction while
 * each runs, timed from commit to receipt. The broker runs in this JVM (with the relay and the receiver); each worker
 * is a {@link KafkaWorkerProcess} in a JVM of its own. Rounds rotate the order of the modes, so that what the machine
 * does meanwhile falls on all of them. Database statements are counted on the client ({@link CountingDataSource}) in
 * every process that talks to the outbox on the library's behalf: the dispatcher, or the relay and the workers.
 * Each job and each trickle starts after a {@code VACUUM ANALYZE} of the outbox tables.
 */
final class DispatchModesBenchmark {

	static final int DELIVERIES = 20_000;

	static final int WARMUP = 10_000;

	static final int ROUNDS = 3;

	/** Deliveries per second of the trickle, each written in a transaction of its own. */
	static final int TRICKLE_RATE = 200;

	static final Duration TRICKLE_WARMUP = Duration.ofSeconds(3);

	static final Duration TRICKLE_DURATION = Duration.ofSeconds(10);

	/** The starter's defaults: {@code webhooks.kafka.partitions}, {@code webhooks.kafka.relay.*}, worker poll. */
	static final int PARTITIONS = 12;

	static final int RELAY_BATCH = 500;

	static final Duration RELAY_LEASE = Duration.ofMinutes(5);

	static final Duration RELAY_POLL = Duration.ofSeconds(1);

	static final Duration WORKER_POLL_TIMEOUT = Duration.ofMillis(500);

	enum Mode {

		DATABASE("database mode, one dispatcher", null, 0), KAFKA_ONE("Kafka mode, relay + 1 worker", "bench.one", 1),
		KAFKA_TWO("Kafka mode, relay + 2 workers", "bench.two", 2);

		final String title;

		final String topic;

		final int workers;

		Mode(String title, String topic, int workers) {
			this.title = title;
			this.topic = topic;
			this.workers = workers;
		}

	}

	private final LocalReceiver receiver;

	private final Endpoint endpoint;

	private final DataSource writerPool;

	private final CountingDataSource libraryPool;

	private final JsonMapper json = JsonMapper.builder().build();

	private final JdbcOutboxWriter writer = new JdbcOutboxWriter(this.json);

	private final OkHttpWebhookTransport transport;

	private final KafkaProducer<String, byte[]> producer;

	private final Map<Mode, List<Worker>> workers;

	private final AtomicInteger sequence = new AtomicInteger();

	private int relays;

	private DispatchModesBenchmark(LocalReceiver receiver, DataSource writerPool, CountingDataSource libraryPool,
			OkHttpWebhookTransport transport, KafkaProducer<String, byte[]> producer, Map<Mode, List<Worker>> workers) {
		this.receiver = receiver;
		this.endpoint = new Endpoint(receiver.url(), List.of(WebhookSecret.parse(OutboundBenchmark.SECRET)), Map.of());
		this.writerPool = writerPool;
		this.libraryPool = libraryPool;
		this.transport = transport;
		this.producer = producer;
		this.workers = workers;
	}

	static List<String> run(LocalReceiver receiver) throws Exception {
		System.out.println();
		System.out.println("== 12. Database mode against Kafka mode (" + DELIVERIES + " deliveries per job, " + ROUNDS
				+ " rounds rotating the modes after a warm-up of " + WARMUP + " each; then a trickle of " + TRICKLE_RATE
				+ "/s for " + TRICKLE_DURATION.toSeconds() + " s after " + TRICKLE_WARMUP.toSeconds() + " s)");
		String loadBefore = uptime();
		System.out.println("load before: " + loadBefore);
		quietLogging();
		long started = System.nanoTime();
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Mode.KAFKA_ONE.topic,
				Mode.KAFKA_TWO.topic);
		Map<Mode, List<Worker>> workers = new EnumMap<>(Mode.class);
		try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL)) {
			broker.afterPropertiesSet();
			String bootstrap = broker.getBrokersAsString();
			DataSource writerPool = OutboundBenchmark.rewriting(database);
			WebhooksSchema.migrate(writerPool);
			CountingDataSource libraryPool = new CountingDataSource(OutboundBenchmark.rewriting(database));
			String url = database.jdbcUrl() + "&reWriteBatchedInserts=true";
			for (Mode mode : List.of(Mode.KAFKA_ONE, Mode.KAFKA_TWO)) {
				List<Worker> group = new ArrayList<>();
				for (int i = 1; i <= mode.workers; i++) {
					group.add(Worker.start(bootstrap, url, database, mode.topic, mode.topic + "-workers",
							mode.topic + "-worker-" + i));
				}
				workers.put(mode, group);
			}
			for (List<Worker> group : workers.values()) {
				for (Worker worker : group) {
					worker.awaitReady();
				}
			}
			OkHttpTransportSettings http = OkHttpTransportSettings.defaults()
				.withAllowPrivateAddresses(true)
				.withMaxIdleConnections(OutboundBenchmark.maxIdleConnections());
			try (OkHttpWebhookTransport transport = new OkHttpWebhookTransport(http);
					KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
				return new DispatchModesBenchmark(receiver, writerPool, libraryPool, transport, producer, workers)
					.rounds(loadBefore, started);
			}
		}
		finally {
			for (List<Worker> group : workers.values()) {
				group.forEach(Worker::close);
			}
			broker.destroy();
		}
	}

	private List<String> rounds(String loadBefore, long started) throws Exception {
		Mode[] modes = Mode.values();
		for (Mode mode : modes) {
			Job warmup = drain(mode, WARMUP);
			System.out.printf(Locale.ROOT, "warm-up, %s: %,.0f/s%n", mode.title, warmup.rate());
		}
		Map<Mode, List<Job>> jobs = new EnumMap<>(Mode.class);
		Map<Mode, List<Trickle>> trickles = new EnumMap<>(Mode.class);
		for (int round = 1; round <= ROUNDS; round++) {
			for (int i = 0; i < modes.length; i++) {
				Mode mode = modes[(round - 1 + i) % modes.length];
				Job job = drain(mode, DELIVERIES);
				jobs.computeIfAbsent(mode, (key) -> new ArrayList<>()).add(job);
				System.out.printf(Locale.ROOT,
						"round %d, %-30s job: %,6.0f/s; per delivery %.3f statements, %.3f round trips (%s);"
								+ " %d duplicate sends; load %s%n",
						round, mode.title + ",", job.rate(), job.cost().statementsPerDelivery(),
						job.cost().roundTripsPerDelivery(), job.cost().split(), job.duplicates(), loadAverage());
			}
			for (int i = 0; i < modes.length; i++) {
				Mode mode = modes[(round - 1 + i) % modes.length];
				Trickle trickle = trickle(mode);
				trickles.computeIfAbsent(mode, (key) -> new ArrayList<>()).add(trickle);
				System.out.printf(Locale.ROOT,
						"round %d, %-30s trickle: %d at %.0f/s (writer at most %.1f ms behind): p50 %.2f ms, p90 %.2f,"
								+ " p99 %.2f, max %.2f; per delivery %.2f statements, %.2f round trips (%s); load %s%n",
						round, mode.title + ",", trickle.measured(), trickle.achievedRate(), trickle.behindMs(),
						trickle.p50(), trickle.p90(), trickle.p99(), trickle.max(), trickle.cost().statementsPerDelivery(),
						trickle.cost().roundTripsPerDelivery(), trickle.cost().split(), loadAverage());
			}
		}
		long succeeded = new JdbcTemplate(this.writerPool)
			.queryForObject("SELECT COUNT(*) FROM webhooks_deliveries WHERE status = 'SUCCEEDED'", Long.class);
		if (succeeded != this.sequence.get()) {
			throw new IllegalStateException("expected " + this.sequence.get() + " SUCCEEDED deliveries, found " + succeeded);
		}
		String loadAfter = uptime();
		System.out.println();
		System.out.println("| Mode | Job, deliveries/s (rounds) | median | statements / round trips per delivery (job)"
				+ " | trickle p50 / p99 ms (medians of rounds) | statements / round trips per delivery (trickle) |");
		System.out.println("|---|---|---|---|---|---|");
		List<String> rows = new ArrayList<>();
		double databaseRate = 0;
		for (Mode mode : modes) {
			List<Job> modeJobs = jobs.get(mode);
			List<Trickle> modeTrickles = trickles.get(mode);
			double rate = OutboundBenchmark.median(modeJobs.stream().map(Job::rate).toList());
			if (mode == Mode.DATABASE) {
				databaseRate = rate;
			}
			System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f |%n",
					mode.title, String.join(" / ", modeJobs.stream()
						.map((job) -> String.format(Locale.ROOT, "%,.0f", job.rate()))
						.toList()),
					rate, median(modeJobs, (job) -> job.cost().statementsPerDelivery()),
					median(modeJobs, (job) -> job.cost().roundTripsPerDelivery()),
					median(modeTrickles, Trickle::p50), median(modeTrickles, Trickle::p99),
					median(modeTrickles, (trickle) -> trickle.cost().statementsPerDelivery()),
					median(modeTrickles, (trickle) -> trickle.cost().roundTripsPerDelivery()));
			rows.add(String.format(Locale.ROOT,
					"| Dispatch modes: %s, deliveries/s; trickle p50 / p99 ms | %,.0f; %.2f / %.2f | %,.0f (database"
							+ " mode) | %.2f | - |",
					mode.title, rate, median(modeTrickles, Trickle::p50), median(modeTrickles, Trickle::p99),
					databaseRate, rate / databaseRate));
		}
		System.out.println("load before: " + loadBefore);
		System.out.println("load after:  " + loadAfter);
		System.out.printf(Locale.ROOT, "scenario run time: %d s%n",
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
		return rows;
	}

	// ---- the backlog job

	/** Inserts the deliveries in one transaction, then times the mode until every one is written as sent. */
	private Job drain(Mode mode, int count) throws Exception {
		vacuum();
		List<NewDelivery> deliveries = OutboundBenchmark.deliveries(this.sequence, count, this.endpoint);
		try (Connection connection = this.writerPool.getConnection()) {
			connection.setAutoCommit(false);
			this.writer.insert(connection, deliveries);
			connection.commit();
			connection.setAutoCommit(true);
		}
		long received = this.receiver.received();
		Cost before = cost(mode);
		long start = System.nanoTime();
		try (Running running = start(mode)) {
			awaitSent(received + count);
		}
		long end = System.nanoTime();
		Cost spent = cost(mode).minus(before, count);
		return new Job(count / ((end - start) / 1e9), spent, this.receiver.received() - received - count);
	}

	/** Waits until the receiver has taken every delivery, then until the outbox has every outcome written. */
	private void awaitSent(long received) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (this.receiver.received() < received) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the receiver has " + this.receiver.received() + " of " + received
						+ " deliveries after 120 s");
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
		JdbcTemplate jdbc = new JdbcTemplate(this.writerPool);
		while (jdbc.queryForObject(
				"SELECT COUNT(*) FROM webhooks_deliveries WHERE status IN ('PENDING', 'IN_FLIGHT')", Long.class) > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("deliveries still unfinished after 120 s");
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
		}
	}

	// ---- the trickle

	/**
	 * Writes one delivery per transaction on a fixed schedule while the mode runs, waking it after each commit as the
	 * starter does, and notes the time from each commit to its arrival at the receiver.
	 */
	private Trickle trickle(Mode mode) throws Exception {
		long periodNanos = TimeUnit.SECONDS.toNanos(1) / TRICKLE_RATE;
		int warmup = (int) (TRICKLE_WARMUP.toSeconds() * TRICKLE_RATE);
		int measured = (int) (TRICKLE_DURATION.toSeconds() * TRICKLE_RATE);
		vacuum();
		Map<String, Long> commits = new ConcurrentHashMap<>();
		Map<String, Long> arrivals = this.receiver.record();
		long received = this.receiver.received();
		Cost before = cost(mode);
		long behindMax = 0;
		long start;
		long end;
		try (Running running = start(mode); Connection connection = this.writerPool.getConnection()) {
			connection.setAutoCommit(false);
			start = System.nanoTime();
			for (int i = 0; i < warmup + measured; i++) {
				long due = start + i * periodNanos;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				else {
					behindMax = Math.max(behindMax, -wait);
				}
				List<NewDelivery> one = OutboundBenchmark.deliveries(this.sequence, 1, this.endpoint);
				this.writer.insert(connection, one);
				connection.commit();
				if (i >= warmup) {
					commits.put(one.get(0).id(), System.nanoTime());
				}
				running.wakeUp();
			}
			end = System.nanoTime();
			awaitSent(received + warmup + measured);
		}
		this.receiver.stopRecording();
		Cost spent = cost(mode).minus(before, warmup + measured);
		Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
		for (Map.Entry<String, Long> commit : commits.entrySet()) {
			Long arrival = arrivals.get(commit.getKey());
			if (arrival == null) {
				throw new IllegalStateException("delivery " + commit.getKey() + " never arrived");
			}
			histogram.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(arrival - commit.getValue())));
		}
		return new Trickle(measured, (warmup + measured) / ((end - start) / 1e9), behindMax / 1e6,
				histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(90) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0, spent);
	}

	/**
	 * Clears the dead row versions the previous job left, so that they do not slow the claims of whichever mode
	 * comes next (section 11: a claim walks the dead entries at the front of the due index).
	 */
	private void vacuum() {
		JdbcTemplate jdbc = new JdbcTemplate(this.writerPool);
		jdbc.execute("VACUUM ANALYZE webhooks_deliveries");
		jdbc.execute("VACUUM ANALYZE webhooks_delivery_attempts");
	}

	// ---- the modes

	/** What runs a mode in this JVM: the dispatcher, or the relay (its workers run all along in their own JVMs). */
	private interface Running extends AutoCloseable {

		void wakeUp();

		@Override
		void close();

	}

	private Running start(Mode mode) {
		JdbcDeliveryLeases leases = new JdbcDeliveryLeases(this.libraryPool, this.json);
		if (mode == Mode.DATABASE) {
			DispatcherSettings settings = DispatcherSettings.defaults("bench")
				.withBatchSize(OutboundBenchmark.BATCH_SIZE)
				.withMaxConcurrency(OutboundBenchmark.CONCURRENCY)
				.withLoggerName("bench.dispatch");
			DeliveryDispatcher dispatcher = new DeliveryDispatcher(leases, (delivery) -> Optional.of(this.endpoint),
					this.transport, new WebhookSigner(), new ExponentialBackoffRetryPolicy(), settings,
					Clock.systemUTC());
			dispatcher.start();
			return new Running() {

				@Override
				public void wakeUp() {
					dispatcher.wakeUp();
				}

				@Override
				public void close() {
					dispatcher.close();
				}

			};
		}
		// a lease owner of its own per relay instance, as the starter gives each application instance
		RelaySettings settings = RelaySettings.defaults("bench-relay-" + (++this.relays))
			.withTopic(mode.topic)
			.withBatchSize(RELAY_BATCH)
			.withLease(RELAY_LEASE)
			.withPollInterval(RELAY_POLL);
		OutboxRelay relay = new OutboxRelay(leases, this.producer, new DeliveryRecords(this.json), settings,
				Clock.systemUTC());
		relay.start();
		return new Running() {

			@Override
			public void wakeUp() {
				relay.wakeUp();
			}

			@Override
			public void close() {
				relay.close();
			}

		};
	}

	/** The statements so far of this JVM's library connections and of the mode's workers. */
	private Cost cost(Mode mode) throws IOException, InterruptedException {
		long[] own = this.libraryPool.counts();
		long[] workers = new long[3];
		for (Worker worker : this.workers.getOrDefault(mode, List.of())) {
			long[] counts = worker.counts();
			for (int i = 0; i < counts.length; i++) {
				workers[i] += counts[i];
			}
		}
		return new Cost(own, workers, 1);
	}

	/**
	 * Statements, round trips and commits: of the dispatcher or the relay ({@code own}), and of the workers.
	 * {@code deliveries} is what they were spent on, once taken as a difference.
	 */
	private record Cost(long[] own, long[] workers, int deliveries) {

		Cost minus(Cost before, int deliveries) {
			long[] own = new long[3];
			long[] workers = new long[3];
			for (int i = 0; i < 3; i++) {
				own[i] = this.own[i] - before.own[i];
				workers[i] = this.workers[i] - before.workers[i];
			}
			return new Cost(own, workers, deliveries);
		}

		double statementsPerDelivery() {
			return (double) (this.own[0] + this.workers[0]) / this.deliveries;
		}

		double roundTripsPerDelivery() {
			return (double) (this.own[1] + this.workers[1]) / this.deliveries;
		}

		/** Where the statements went: the relay's share and the workers', when there are workers. */
		String split() {
			if (this.workers[1] == 0 && this.workers[0] == 0) {
				return String.format(Locale.ROOT, "%.2f commits", (double) this.own[2] / this.deliveries);
			}
			return String.format(Locale.ROOT,
					"relay %.3f statements, %.3f round trips; workers %.3f statements, %.3f round trips",
					(double) this.own[0] / this.deliveries, (double) this.own[1] / this.deliveries,
					(double) this.workers[0] / this.deliveries, (double) this.workers[1] / this.deliveries);
		}

	}

	private record Job(double rate, Cost cost, long duplicates) {
	}

	private record Trickle(int measured, double achievedRate, double behindMs, double p50, double p90, double p99,
			double max, Cost cost) {
	}

	// ---- the workers' JVMs

	/** A {@link KafkaWorkerProcess} started with this JVM's classpath, and its answers. */
	private static final class Worker implements AutoCloseable {

		private final Process process;

		private final PrintWriter commands;

		private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

		private Worker(Process process) {
			this.process = process;
			this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
			Thread reader = new Thread(() -> {
				try (BufferedReader lines = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line; (line = lines.readLine()) != null;) {
						if (line.startsWith(KafkaWorkerProcess.ANSWER)) {
							this.answers.add(line.substring(KafkaWorkerProcess.ANSWER.length()));
						}
						else {
							System.out.println("[worker] " + line);
						}
					}
				}
				catch (IOException ex) {
					// the worker ended
				}
			}, "worker-output");
			reader.setDaemon(true);
			reader.start();
		}

		static Worker start(String bootstrap, String url, TestDatabase database, String topic, String group,
				String name) throws IOException {
			String java = ProcessHandle.current().info().command().orElse("java");
			List<String> command = List.of(java, "-Xms128m", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
					KafkaWorkerProcess.class.getName(), "bootstrap=" + bootstrap, "url=" + url,
					"user=" + database.username(), "password=" + database.password(), "topic=" + topic,
					"group=" + group, "name=" + name, "secret=" + OutboundBenchmark.SECRET,
					"batch=" + OutboundBenchmark.BATCH_SIZE, "concurrency=" + OutboundBenchmark.CONCURRENCY);
			return new Worker(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
		}

		void awaitReady() throws InterruptedException {
			String answer = this.answers.poll(60, TimeUnit.SECONDS);
			if (!"ready".equals(answer)) {
				throw new IllegalStateException("a worker did not start: " + answer);
			}
		}

		long[] counts() throws InterruptedException {
			this.commands.println("counts");
			String answer = this.answers.poll(10, TimeUnit.SECONDS);
			if (answer == null || !answer.startsWith("counts ")) {
				throw new IllegalStateException("a worker did not answer: " + answer);
			}
			String[] fields = answer.split(" ");
			return new long[] { Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3]) };
		}

		@Override
		public void close() {
			this.commands.println("stop");
			try {
				if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
					this.process.destroy();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroy();
			}
		}

	}

	// ---- helpers

	/** The starter's producer settings: idempotent, acknowledged by every replica. */
	private static KafkaProducer<String, byte[]> producer(String bootstrap) {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return new KafkaProducer<>(properties);
	}

	/** Warnings only: the broker and the clients log every step at the default level. */
	static void quietLogging() {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
			.setLevel(Level.WARN);
	}

	private static <T> double median(List<T> values, java.util.function.ToDoubleFunction<T> value) {
		return OutboundBenchmark.median(values.stream().map(value::applyAsDouble).toList());
	}

	/** The output of {@code uptime}, or the load averages when it cannot run. */
	private static String uptime() {
		try {
			Process process = new ProcessBuilder("uptime").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor();
			return output;
		}
		catch (IOException | InterruptedException ex) {
			return loadAverage();
		}
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "?";
		}
	}

}
