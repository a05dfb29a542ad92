package dev.webhooks.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.hooks.EntityTypes;
import dev.webhooks.hooks.HookDefinition;
import dev.webhooks.hooks.HookRegistry;
import dev.webhooks.hooks.HookService;
import dev.webhooks.hooks.match.MatchCondition;
import dev.webhooks.testing.TestDatabase;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.webhooks.benchmarks.OutboundBenchmark.median;
import static dev.webhooks.benchmarks.OutboundBenchmark.time;

/**
 * What runtime hooks cost on the capture hot path. Two applications run side by side in one JVM, each on a fresh
 * PostgreSQL schema: one without any hook (the limit), one with {@value #OTHER_HOOKS} enabled hooks on
 * {@value #OTHER_ENTITY_TYPES} other entity types plus {@value #MATCHING_HOOKS} template hooks on
 * {@link HookedOrder}. Saves are interleaved round by round:
 * <ol>
 * <li>(a) a {@link PlainOrder} in the application without hooks: the limit;</li>
 * <li>(b) a {@link PlainOrder} in the application with hooks, none of them for {@code PlainOrder};</li>
 * <li>(c) a {@link HookedOrder} in the application with hooks, each save matched by every hook on it.</li>
 * </ol>
 * Before the hooks are created, a control times the save of (a) in both applications, to show how much they differ
 * without any hook. It also times a reload of all hooks ({@link HookRegistry#refresh()}).
 * <p>
 * Run with {@code ./mvnw -pl benchmarks -am verify -Pbenchmark -DskipTests
 * -Dbenchmark.main=dev.webhooks.benchmarks.HooksBenchmark}.
 */
public final class HooksBenchmark {

	static final int OTHER_ENTITY_TYPES = 100;

	static final int OTHER_HOOKS = 400;

	static final int MATCHING_HOOKS = 4;

	static final int WARMUP_SAVES = 1_500;

	static final int ROUNDS = 20;

	static final int SAVES_PER_ROUND = 250;

	static final int RELOADS = 30;

	private static final String TEMPLATE = """
			{"order": "{{instance.number}}", "total": {{instance.total}}, "customer": "{{instance.customerEmail}}",
			 "event": "{{event}}", "hook": "{{hook_name}}"}""";

	private HooksBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		long started = System.nanoTime();
		System.out.printf(Locale.ROOT,
				"Hooks benchmark: %d cores, %s %s, PostgreSQL at 127.0.0.1:5432, load average %.1f%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.version"), loadAverage());
		List<String> rows = new ArrayList<>();
		try (TestDatabase withoutHooks = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				TestDatabase withHooks = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
				ConfigurableApplicationContext limit = application(withoutHooks);
				ConfigurableApplicationContext hooked = application(withHooks)) {
			rows.add(control(limit, hooked));
			rows.add(createHooks(hooked));
			rows.addAll(saves(limit, hooked));
		}
		System.out.println();
		System.out.println("| Figure | Measured | Limit (same run) | Ratio |");
		System.out.println("|---|---|---|---|");
		rows.forEach(System.out::println);
		System.out.printf(Locale.ROOT, "%nTotal run time: %d s, load average at the end %.1f%n",
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), loadAverage());
		System.exit(0);
	}

	/** Creates the hooks through the service, as the API does, then times full reloads of them. */
	private static String createHooks(ConfigurableApplicationContext app) {
		section("Hooks: " + OTHER_HOOKS + " on " + OTHER_ENTITY_TYPES + " other entity types, " + MATCHING_HOOKS
				+ " on HookedOrder; " + RELOADS + " reloads");
		HookService hooks = app.getBean(HookService.class);
		for (int i = 0; i < OTHER_HOOKS; i++) {
			hooks.create(HookDefinition.builder("other-" + i, "Entity" + (i % OTHER_ENTITY_TYPES),
					"http://127.0.0.1:9/hooks/" + i)
				.events("created", "updated")
				.template("application/json", TEMPLATE)
				.build());
		}
		for (int i = 0; i < MATCHING_HOOKS; i++) {
			// a filter, a JSON template with placeholders and headers: the most a template hook does per change
			hooks.create(HookDefinition.builder("orders-" + i, "HookedOrder", "http://127.0.0.1:9/orders/" + i)
				.events("created", "updated")
				.headers("X-Tenant: benchmark\nX-Hook: " + i)
				.match(new MatchCondition("status", "equals", "PLACED"),
						new MatchCondition("currency", "starts-with", "EU"))
				.template("application/json", TEMPLATE)
				.build());
		}
		HookRegistry registry = app.getBean(HookRegistry.class);
		if (registry.hasHooks("PlainOrder") || !registry.hasHooks("HookedOrder") || !registry.hasHooks("Entity0")) {
			throw new IllegalStateException("the hooks were not loaded as expected");
		}
		for (int i = 0; i < RELOADS; i++) {
			registry.refresh();
		}
		List<Double> reloads = new ArrayList<>();
		for (int i = 0; i < RELOADS; i++) {
			long start = System.nanoTime();
			registry.refresh();
			reloads.add((System.nanoTime() - start) / 1e6);
		}
		double median = median(reloads);
		System.out.printf(Locale.ROOT, "reload of %d hooks: median %.2f ms, min %.2f ms, max %.2f ms%n",
				OTHER_HOOKS + MATCHING_HOOKS, median, reloads.stream().min(Double::compare).orElseThrow(),
				reloads.stream().max(Double::compare).orElseThrow());
		return String.format(Locale.ROOT, "| Reload of %d hooks (read and compile all), ms | %.2f (median of %d) | - | - |",
				OTHER_HOOKS + MATCHING_HOOKS, median, RELOADS);
	}

	private static List<String> saves(ConfigurableApplicationContext limit, ConfigurableApplicationContext hooked) {
		section("Saves (" + ROUNDS + " interleaved rounds of " + SAVES_PER_ROUND + " saves each way, after "
				+ WARMUP_SAVES + " warm-up saves each way)");
		AtomicInteger sequence = new AtomicInteger();
		PlainOrderRepository limitOrders = limit.getBean(PlainOrderRepository.class);
		PlainOrderRepository otherOrders = hooked.getBean(PlainOrderRepository.class);
		HookedOrderRepository hookedOrders = hooked.getBean(HookedOrderRepository.class);
		// not a figure of its own: the limit's save plus outbox rows like the hooks' written by hand in the same
		// transaction, which splits (c) into the cost of the extra rows and the cost of matching and rendering
		TransactionTemplate transactions = new TransactionTemplate(limit.getBean(PlatformTransactionManager.class));
		DataSource dataSource = limit.getBean(DataSource.class);
		OutboxWriter store = limit.getBean(OutboxWriter.class);
		Runnable limitWithRows = () -> transactions.executeWithoutResult((status) -> {
			PlainOrder order = limitOrders.save(new PlainOrder(sequence.incrementAndGet()));
			store.insert(DataSourceUtils.getConnection(dataSource), hookLikeRows(order));
		});
		List<Runnable> variants = List.of(() -> limitOrders.save(new PlainOrder(sequence.incrementAndGet())),
				() -> otherOrders.save(new PlainOrder(sequence.incrementAndGet())),
				() -> hookedOrders.save(new HookedOrder(sequence.incrementAndGet())), limitWithRows);
		long[][] rounds = interleave(variants);
		long[] nanos = total(rounds);
		List<Double> otherRatios = ratios(rounds, 1);
		List<Double> matchingRatios = ratios(rounds, 2);
		List<List<Double>> roundMs = List.of(roundMs(rounds, 0), roundMs(rounds, 1), roundMs(rounds, 2),
				roundMs(rounds, 3));
		checkOutbox(limit, (long) MATCHING_HOOKS * (WARMUP_SAVES + ROUNDS * SAVES_PER_ROUND));
		checkOutbox(hooked, (long) MATCHING_HOOKS * (WARMUP_SAVES + ROUNDS * SAVES_PER_ROUND));
		int saves = ROUNDS * SAVES_PER_ROUND;
		double[] ms = new double[variants.size()];
		for (int i = 0; i < ms.length; i++) {
			ms[i] = nanos[i] / 1e6 / saves;
		}
		System.out.printf(Locale.ROOT, "(a) no hooks at all:                      %.3f ms per save (round median %.3f)%n",
				ms[0], median(roundMs.get(0)));
		System.out.printf(Locale.ROOT,
				"(b) %d hooks on other entity types:     %.3f ms per save (round median %.3f), ratio %.2f (round median %.2f)%n",
				OTHER_HOOKS, ms[1], median(roundMs.get(1)), ms[1] / ms[0], median(otherRatios));
		System.out.printf(Locale.ROOT,
				"(c) %d matching template hooks:           %.3f ms per save (round median %.3f), ratio %.2f (round median %.2f),"
						+ " %d deliveries per save%n",
				MATCHING_HOOKS, ms[2], median(roundMs.get(2)), ms[2] / ms[0], median(matchingRatios), MATCHING_HOOKS);
		System.out.printf(Locale.ROOT,
				"for comparison, (a) plus %d outbox rows like the hooks' inserted by hand in the same transaction:"
						+ " %.3f ms per save (round median %.3f), ratio %.2f%n",
				MATCHING_HOOKS, ms[3], median(roundMs.get(3)), ms[3] / ms[0]);
		System.out.printf(Locale.ROOT,
				"(c) - (a) per matching hook: %.3f ms, of which matching and rendering ((c) - the rows by hand): %.3f ms%n",
				(ms[2] - ms[0]) / MATCHING_HOOKS, (ms[2] - ms[3]) / MATCHING_HOOKS);
		return List.of(
				String.format(Locale.ROOT,
						"| (b) Save, %d hooks on other entity types, ms | %.3f | %.3f (no hooks) | %.2f (round median %.2f) |",
						OTHER_HOOKS, ms[1], ms[0], ms[1] / ms[0], median(otherRatios)),
				String.format(Locale.ROOT,
						"| (c) Save, %d matching template hooks, ms | %.3f | %.3f (no hooks) | %.2f (round median %.2f) |",
						MATCHING_HOOKS, ms[2], ms[0], ms[2] / ms[0], median(matchingRatios)),
				String.format(Locale.ROOT,
						"| (diagnostic) Save + %d such outbox rows by hand, no hooks, ms | %.3f | %.3f (no hooks) | %.2f |",
						MATCHING_HOOKS, ms[3], ms[0], ms[3] / ms[0]));
	}

	/**
	 * The same save in both applications before any hook exists: how much the two differ by themselves, which (b)
	 * cannot be told apart from.
	 */
	private static String control(ConfigurableApplicationContext limit, ConfigurableApplicationContext hooked) {
		section("Control: (a) in both applications before any hook exists (" + ROUNDS + " interleaved rounds of "
				+ SAVES_PER_ROUND + " saves each way, after " + WARMUP_SAVES + " warm-up saves each way)");
		AtomicInteger sequence = new AtomicInteger(500_000_000);
		PlainOrderRepository limitOrders = limit.getBean(PlainOrderRepository.class);
		PlainOrderRepository otherOrders = hooked.getBean(PlainOrderRepository.class);
		long[][] rounds = interleave(List.of(() -> limitOrders.save(new PlainOrder(sequence.incrementAndGet())),
				() -> otherOrders.save(new PlainOrder(sequence.incrementAndGet()))));
		long[] nanos = total(rounds);
		int saves = ROUNDS * SAVES_PER_ROUND;
		double limitMs = nanos[0] / 1e6 / saves;
		double otherMs = nanos[1] / 1e6 / saves;
		double ratio = otherMs / limitMs;
		System.out.printf(Locale.ROOT,
				"first application %.3f ms per save, second %.3f ms per save, ratio %.2f (round median %.2f)%n",
				limitMs, otherMs, ratio, median(ratios(rounds, 1)));
		return String.format(Locale.ROOT,
				"| (control) Save in the second application, no hooks anywhere yet, ms | %.3f | %.3f (first application)"
						+ " | %.2f (round median %.2f) |",
				otherMs, limitMs, ratio, median(ratios(rounds, 1)));
	}

	/** Warms each variant up, then times rounds of each, rotating which goes first: [round][variant] nanoseconds. */
	private static long[][] interleave(List<Runnable> variants) {
		variants.forEach((variant) -> time(variant, WARMUP_SAVES));
		long[][] rounds = new long[ROUNDS][variants.size()];
		for (int round = 0; round < ROUNDS; round++) {
			// rotate which goes first, so drift in the database (autovacuum, checkpoints) hits all alike
			for (int i = 0; i < variants.size(); i++) {
				int variant = (round + i) % variants.size();
				rounds[round][variant] = time(variants.get(variant), SAVES_PER_ROUND);
			}
		}
		return rounds;
	}

	private static long[] total(long[][] rounds) {
		long[] total = new long[rounds[0].length];
		for (long[] round : rounds) {
			for (int variant = 0; variant < round.length; variant++) {
				total[variant] += round[variant];
			}
		}
		return total;
	}

	/** Per round, the variant's time over the first variant's. */
	private static List<Double> ratios(long[][] rounds, int variant) {
		List<Double> ratios = new ArrayList<>();
		for (long[] round : rounds) {
			ratios.add((double) round[variant] / round[0]);
		}
		return ratios;
	}

	private static List<Double> roundMs(long[][] rounds, int variant) {
		List<Double> ms = new ArrayList<>();
		for (long[] round : rounds) {
			ms.add(round[variant] / 1e6 / SAVES_PER_ROUND);
		}
		return ms;
	}

	/** Rows of the size and shape the matching hooks write for an order. */
	private static List<NewDelivery> hookLikeRows(PlainOrder order) {
		Instant now = Instant.now();
		List<NewDelivery> rows = new ArrayList<>(MATCHING_HOOKS);
		for (int i = 0; i < MATCHING_HOOKS; i++) {
			String payload = "{\"order\": \"" + order.getNumber() + "\", \"total\": " + order.getTotal()
					+ ", \"customer\": \"" + order.getCustomerEmail() + "\",\n \"event\": \"created\", \"hook\": \"orders-"
					+ i + "\"}";
			rows.add(new NewDelivery("msg_" + UUID.randomUUID().toString().replace("-", ""), Target.hook(UUID.randomUUID().toString()),
					"http://127.0.0.1:9/orders/" + i, "POST", Map.of("X-Tenant", "benchmark", "X-Hook", Integer.toString(i)),
					"created", "PlainOrder", Long.toString(order.getId()), payload, now));
		}
		return rows;
	}

	private static void checkOutbox(ConfigurableApplicationContext app, long expected) {
		long outbox = app.getBean(DeliveryQueries.class).countByStatus(null).get(DeliveryStatus.PENDING);
		if (outbox != expected) {
			throw new IllegalStateException("expected " + expected + " deliveries in the outbox, found " + outbox);
		}
	}

	private static ConfigurableApplicationContext application(TestDatabase database) {
		// the hooks name entity types this application does not have; the map the capture reads is keyed by name
		// either way, so the metamodel check is switched off rather than declaring a hundred entity classes
		ApplicationContextInitializer<ConfigurableApplicationContext> uncheckedEntityTypes = (context) -> context
			.getBeanFactory()
			.registerSingleton("benchmarkEntityTypes", EntityTypes.unchecked());
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.initializers(uncheckedEntityTypes)
			.properties(database.springProperties())
			.properties("spring.main.banner-mode=off", "spring.jpa.hibernate.ddl-auto=create-drop",
					"spring.jpa.open-in-view=false", "logging.level.root=WARN", "webhooks.app-id=bench",
					"webhooks.servers.receiver.url=http://127.0.0.1:9/",
					"webhooks.servers.receiver.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
					"webhooks.http.allow-private-addresses=true",
					"webhooks.dispatch.enabled=false")
			.run();
	}

	// other work on a shared machine shows in the spread between rounds: say how busy it was
	private static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	private static void section(String title) {
		System.out.println();
		System.out.println("== " + title);
	}

}
