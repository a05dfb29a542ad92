package dev.webhooks.realtime.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhooks.idempotency.MutableClock;
import dev.webhooks.jdbc.InstantColumns;
import dev.webhooks.realtime.RealtimeEvent;
import dev.webhooks.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database broadcast on one database, with two instances (two pools) sharing the table made by the library's
 * own migrations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJdbcRealtimeBroadcastTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration GAP_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration RETENTION = Duration.ofMinutes(1);

	private TestDatabase database;

	private HikariDataSource secondPool;

	private final MutableClock clock = MutableClock.startingNow();

	private final List<RealtimeEvent> firstReceived = Collections.synchronizedList(new ArrayList<>());

	private final List<RealtimeEvent> secondReceived = Collections.synchronizedList(new ArrayList<>());

	private JdbcRealtimeBroadcast first;

	private JdbcRealtimeBroadcast second;

	protected abstract TestDatabase.Kind kind();

	@BeforeAll
	void createDatabase() {
		this.database = TestDatabase.createWithSchema(kind());
		this.secondPool = this.database.newDataSource("second-instance", 2);
	}

	@AfterAll
	void dropDatabase() {
		if (this.secondPool != null) {
			this.secondPool.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@BeforeEach
	void startInstances() {
		this.database.execute("DELETE FROM webhooks_realtime_events");
		this.firstReceived.clear();
		this.secondReceived.clear();
		this.first = new JdbcRealtimeBroadcast(this.database.dataSource(), JSON, this.firstReceived::add, this.clock,
				GAP_TIMEOUT, RETENTION);
		this.second = new JdbcRealtimeBroadcast(this.secondPool, JSON, this.secondReceived::add, this.clock,
				GAP_TIMEOUT, RETENTION);
	}

	@Test
	void eventsPushedOnOneInstanceReachEveryInstanceOnceInOrder() {
		this.first.poll();
		this.second.poll();
		this.first.push(List.of(event("a", "7.7"), event("b", null)));
		this.second.push(List.of(event("c", null)));

		this.first.poll();
		this.second.poll();
		this.second.poll();

		assertThat(this.firstReceived).extracting(RealtimeEvent::name).containsExactly("a", "b", "c");
		assertThat(this.secondReceived).isEqualTo(this.firstReceived);
		assertThat(this.secondReceived.get(0).excludedConnection()).as("survives the round trip").isEqualTo("7.7");
		assertThat(this.secondReceived.get(0).channels()).containsExactly("invoices", "private-tenant-1");
	}

	@Test
	void anInstanceDoesNotReplayWhatWasPushedBeforeItsFirstPoll() {
		this.first.push(List.of(event("before", null)));
		this.second.poll();
		this.first.push(List.of(event("after", null)));

		this.second.poll();

		assertThat(this.secondReceived).extracting(RealtimeEvent::name).containsExactly("after");
	}

	@Test
	void aRowThatCommitsAfterAHigherIdIsStillDeliveredWithinTheGapTimeout() {
		this.first.poll();
		long base = maxId();
		// an insert that took id base+1 commits after the one that took base+2
		insertWithId(base + 2, "later id, committed first");
		this.first.poll();
		insertWithId(base + 1, "earlier id, committed late");
		this.first.poll();
		this.first.poll();

		assertThat(this.firstReceived).extracting(RealtimeEvent::name)
			.containsExactly("later id, committed first", "earlier id, committed late");
	}

	@Test
	void rowsOlderThanTheRetentionAreDeleted() {
		this.first.poll();
		this.first.push(List.of(event("old", null)));
		this.first.poll();
		this.clock.advance(RETENTION.plusSeconds(1));
		this.first.push(List.of(event("new", null)));

		this.first.poll();

		assertThat(count()).isEqualTo(1);
		assertThat(this.firstReceived).extracting(RealtimeEvent::name).containsExactly("old", "new");
	}

	private void insertWithId(long id, String name) {
		try (var connection = this.database.dataSource().getConnection();
				var insert = connection
					.prepareStatement("INSERT INTO webhooks_realtime_events (id, created_at, payload) VALUES (?, ?, ?)")) {
			insert.setLong(1, id);
			InstantColumns.of(connection).bind(insert, 2, this.clock.instant());
			insert.setString(3, JSON.writeValueAsString(event(name, null)));
			insert.executeUpdate();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long maxId() {
		try (var connection = this.database.dataSource().getConnection();
				var result = connection.createStatement().executeQuery("SELECT MAX(id) FROM webhooks_realtime_events")) {
			result.next();
			return result.getLong(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long count() {
		try (var connection = this.database.dataSource().getConnection();
				var result = connection.createStatement().executeQuery("SELECT COUNT(*) FROM webhooks_realtime_events")) {
			result.next();
			return result.getLong(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RealtimeEvent event(String name, String excluded) {
		return new RealtimeEvent(name, List.of("invoices", "private-tenant-1"), "Invoice", "1", "{\"id\":1}", excluded);
	}

}
