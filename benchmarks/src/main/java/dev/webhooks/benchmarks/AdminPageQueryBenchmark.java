package dev.webhooks.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.jdbc.JdbcDeliveryQueries;
import dev.webhooks.testing.TestDatabase;

/**
 * The queries behind the admin pages on a large outbox: a fresh PostgreSQL schema is filled with one million
 * deliveries (90% succeeded, 5% failed, 3% pending, 2% cancelled, 20 targets, 10 entity types, spread over 30
 * days) by one {@code INSERT ... SELECT generate_series}, analysed, and each query of the deliveries page and the
 * dashboard is timed through {@link JdbcDeliveryQueries}, the queries behind the pages.
 * <p>
 * Run with {@code ./mvnw -pl benchmarks -am verify -Pbenchmark -DskipTests
 * -Dbenchmark.main=dev.webhooks.benchmarks.AdminPageQueryBenchmark}; optional arguments: the number of rows
 * (default 1000000) and of timed runs per query (default 20).
 */
public final class AdminPageQueryBenchmark {

	private AdminPageQueryBenchmark() {
	}

	public static void main(String[] args) {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int runs = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		try (TestDatabase database = TestDatabase.createWithSchema(TestDatabase.Kind.POSTGRESQL)) {
			Instant now = Instant.now();
			long start = System.nanoTime();
			database.execute(fill(rows, now));
			database.execute("ANALYZE webhooks_deliveries");
			System.out.printf(Locale.ROOT, "Inserted %,d deliveries in %d s%n", rows,
					Duration.ofNanos(System.nanoTime() - start).toSeconds());
			JdbcDeliveryQueries store = new JdbcDeliveryQueries(database.dataSource(), JsonMapper.builder().build());
			DeliverySearch first = DeliverySearch.newest(51);
			// a cursor 200 pages deep, found once by walking the keyset
			DeliverySearch deep = first;
			for (int page = 0; page < 200; page++) {
				List<Delivery> found = store.search(deep);
				deep = deep.after(found.get(found.size() - 1));
			}
			DeliverySearch deepPage = deep;
			Instant dayAgo = now.minus(Duration.ofDays(1));
			List<String[]> results = new ArrayList<>();
			results.add(time("first page, no filter", runs, () -> store.search(first).size()));
			results.add(time("page 201, no filter (keyset)", runs, () -> store.search(deepPage).size()));
			results.add(time("status FAILED", runs, () -> store.search(first.withStatus(DeliveryStatus.FAILED)).size()));
			results.add(time("status PENDING", runs,
					() -> store.search(first.withStatus(DeliveryStatus.PENDING)).size()));
			results.add(time("target hook:h4", runs, () -> store.search(first.withTarget(Target.hook("h4"))).size()));
			results.add(time("target + status FAILED", runs,
					() -> store.search(first.withTarget(Target.server("server-3")).withStatus(DeliveryStatus.FAILED)).size()));
			results.add(time("entity type + event type", runs,
					() -> store.search(first.withEntityType("Entity4").withEventType("updated")).size()));
			results.add(time("last 24 hours", runs, () -> store.search(first.withCreated(dayAgo, null)).size()));
			results.add(time("event type only (no index)", runs,
					() -> store.search(first.withEventType("deleted")).size()));
			results.add(time("id", runs, () -> store.find("d500000").isPresent() ? 1 : 0));
			results.add(time("dashboard: per minute, 3 h", runs,
					() -> store.countPerMinute(now.minus(Duration.ofHours(3))).size()));
			results.add(time("dashboard: stats (counts, oldest, failing)", runs,
					() -> store.stats(now.minus(Duration.ofHours(24)), 20).failingTargets().size()));
			System.out.println();
			System.out.println("| Query | rows | median ms | max ms |");
			System.out.println("|---|---|---|---|");
			results.forEach((row) -> System.out.println("| " + String.join(" | ", row) + " |"));
		}
	}

	private static String fill(int rows, Instant now) {
		// created_at spreads the rows evenly over 30 days up to now; statuses by the row number's remainder
		return "INSERT INTO webhooks_deliveries (id, target, url, http_method, headers, event_type, entity_type, "
				+ "entity_id, payload, status, attempt_count, next_attempt_at, last_status_code, last_error, "
				+ "created_at, updated_at, completed_at) "
				+ "SELECT 'd' || n, CASE WHEN n % 2 = 0 THEN 'hook:h' || (n % 10) ELSE 'server-' || (n % 10) END, "
				+ "'https://example.com/hooks', 'POST', '{}', "
				+ "(ARRAY['created','updated','deleted'])[1 + n % 3], 'Entity' || (n % 10), n::text, "
				+ "'{\"id\":' || n || ',\"name\":\"benchmark row\"}', "
				+ "CASE WHEN n % 100 < 90 THEN 'SUCCEEDED' WHEN n % 100 < 95 THEN 'FAILED' "
				+ "WHEN n % 100 < 98 THEN 'PENDING' ELSE 'CANCELLED' END, 1, t, "
				+ "CASE WHEN n % 100 < 90 THEN 200 WHEN n % 100 < 95 THEN 500 ELSE NULL END, "
				+ "CASE WHEN n % 100 >= 90 AND n % 100 < 95 THEN 'HTTP 500' ELSE NULL END, t, t, "
				+ "CASE WHEN n % 100 < 95 OR n % 100 >= 98 THEN t ELSE NULL END "
				+ "FROM (SELECT n, TIMESTAMPTZ '" + now + "' - (" + rows + " - n) * INTERVAL '"
				+ (30L * 24 * 3600 * 1_000_000 / rows) + " microseconds' AS t FROM generate_series(1, " + rows
				+ ") AS n) AS g";
	}

	private static String[] time(String name, int runs, Supplier<Integer> query) {
		int found = 0;
		for (int i = 0; i < 3; i++) {
			found = query.get();
		}
		double[] millis = new double[runs];
		for (int i = 0; i < runs; i++) {
			long start = System.nanoTime();
			query.get();
			millis[i] = (System.nanoTime() - start) / 1e6;
		}
		Arrays.sort(millis);
		return new String[] { name, Integer.toString(found), String.format(Locale.ROOT, "%.1f", millis[runs / 2]),
				String.format(Locale.ROOT, "%.1f", millis[runs - 1]) };
	}

}
