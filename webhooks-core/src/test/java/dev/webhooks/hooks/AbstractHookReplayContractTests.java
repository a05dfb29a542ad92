package dev.webhooks.hooks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.webhooks.capture.CaptureFailurePolicy;
import dev.webhooks.capture.CaptureObserver;
import dev.webhooks.capture.CapturedEntity;
import dev.webhooks.capture.ChangeType;
import dev.webhooks.capture.EntityChange;
import dev.webhooks.capture.TransactionBuffer;
import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.WebhookRequests;
import dev.webhooks.eventlog.EventLogPurge;
import dev.webhooks.eventlog.EventLogSink;
import dev.webhooks.eventlog.LoggedEvent;
import dev.webhooks.eventlog.jdbc.JdbcEventLog;
import dev.webhooks.hooks.jdbc.JdbcHookStore;
import dev.webhooks.hooks.match.MatchCondition;
import dev.webhooks.hooks.payload.HookPayloadSerializers;
import dev.webhooks.jdbc.JdbcTransactions;
import dev.webhooks.publish.DataSourceTransactionBinding;
import dev.webhooks.publish.OutboxSink;
import dev.webhooks.publish.OutboxWebhookPublisher;
import dev.webhooks.publish.OutgoingMessage;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.signing.WebhookSigner;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The event log and the replay of it to a new hook, on every database: events are written in the business
 * transaction, read back oldest first a page at a time, matched and rendered as capture does, queued for the new
 * hook only, and purged once expired. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractHookReplayContractTests {

	private static final String URL = "https://93.184.216.34/hooks";

	private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");

	private final JsonMapper json = JsonMapper.builder().build();

	private final SettableClock clock = new SettableClock();

	private TestDatabase database;

	private JdbcOutbox outbox;

	private JdbcEventLog log;

	private EventLogSink sink;

	private HookRegistry registry;

	private HookDeliveries deliveries;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void createDatabase() {
		this.database = TestDatabase.createWithSchema(databaseKind());
		this.outbox = JdbcOutbox.of(this.database.dataSource(), this.json);
	}

	@AfterAll
	void dropDatabase() {
		if (this.database != null) {
			this.database.close();
		}
	}

	@BeforeEach
	void emptyTables() {
		this.database.execute("DELETE FROM webhooks_hooks");
		this.database.execute("DELETE FROM webhooks_event_log");
		this.database.emptyOutbox();
		this.clock.setInstant(START);
		this.log = new JdbcEventLog(this.database.dataSource());
		this.sink = new EventLogSink(() -> this.log, this.json, this.clock, Set.of(),
				CaptureFailurePolicy.FAIL_TRANSACTION);
		this.registry = new HookRegistry(new JdbcHookStore(this.database.dataSource(), this.json));
		this.registry.refresh();
		this.deliveries = new HookDeliveries(this.registry, HookPayloadSerializers.of(Map.of()), this.json, "shop");
	}

	@Test
	void aTransactionsEventsAreWrittenInOneInsertAndReadBackOldestFirstAcrossPages() {
		// one transaction of 250 changes: three multi-row statements, all committed together
		List<EntityChange> changes = new ArrayList<>();
		for (int i = 1; i <= 250; i++) {
			changes.add(change(ChangeType.CREATED, i, "c" + i, "CH"));
		}
		inOneTransaction(changes);
		this.clock.setInstant(START.plusSeconds(1));
		inOneTransaction(List.of(change(ChangeType.UPDATED, 1, "c1 again", "CH")));

		List<LoggedEvent> read = new ArrayList<>();
		LoggedEvent last = null;
		int pages = 0;
		while (true) {
			List<LoggedEvent> page = page("Customer", List.of("created", "updated"), START, START.plusSeconds(60),
					last, 100);
			read.addAll(page);
			pages++;
			if (page.size() < 100) {
				break;
			}
			last = page.get(page.size() - 1);
		}

		assertThat(pages).isEqualTo(3);
		assertThat(read).hasSize(251);
		// equal times are ordered by sequence, which follows the order the changes were made in
		assertThat(read.subList(0, 250)).extracting(LoggedEvent::entityId)
			.containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 250).mapToObj(String::valueOf).toList());
		LoggedEvent update = read.get(250);
		assertThat(update.event()).isEqualTo("updated");
		assertThat(update.type()).isEqualTo("Customer.updated");
		assertThat(update.topic()).isEqualTo("Customer");
		assertThat(update.occurredAt()).isEqualTo(START.plusSeconds(1));
		assertThat(this.json.readTree(update.instance()).get("name").asString()).isEqualTo("c1 again");
		assertThat(page("Customer", List.of("deleted"), START, START.plusSeconds(60), null, 10)).isEmpty();
		assertThat(page("Customer", List.of("created"), START.plusMillis(1), START.plusSeconds(60), null, 10))
			.as("from is inclusive, so nothing of START is read from a millisecond later")
			.isEmpty();
		assertThat(page("Customer", List.of("updated"), START, START.plusSeconds(1), null, 10))
			.as("until is exclusive")
			.isEmpty();
	}

	@Test
	void aRolledBackTransactionLeavesNoEvent() throws SQLException {
		try (Connection connection = this.database.dataSource().getConnection()) {
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> JdbcTransactions.inTransaction(connection, (transaction) -> {
					this.sink.accept(change(ChangeType.CREATED, 1, "Ada", "CH"), buffer(transaction));
					throw new IllegalStateException("the business transaction fails");
				}));
		}
		assertThat(page("Customer", List.of("created"), START.minusSeconds(1), START.plusSeconds(1), null, 10))
			.isEmpty();
	}

	@Test
	void aReplayQueuesTheMatchingEventsOfTheWindowOldestFirstForTheNewHookOnly() {
		HookService hooks = service(2);
		Hook other = hooks.create(HookDefinition.builder("other", "Customer", URL).events("created").build()).hook();
		this.clock.setInstant(START.minus(Duration.ofDays(10)));
		inOneTransaction(List.of(change(ChangeType.CREATED, 1, "Too old", "CH")));
		this.clock.setInstant(START.minus(Duration.ofDays(3)));
		inOneTransaction(List.of(change(ChangeType.CREATED, 2, "Ada", "CH"), change(ChangeType.CREATED, 3, "Bob", "FR")));
		this.clock.setInstant(START.minus(Duration.ofDays(2)));
		inOneTransaction(List.of(change(ChangeType.UPDATED, 2, "Ada L.", "CH")));
		inOneTransaction(List.of(invoice(ChangeType.CREATED, 9)));
		this.clock.setInstant(START.minus(Duration.ofDays(1)));
		inOneTransaction(List.of(change(ChangeType.DELETED, 3, "Bob", "FR"), change(ChangeType.CREATED, 4, "Cleo", "CH"),
				change(ChangeType.CREATED, 5, "Dan", "CH")));
		this.clock.setInstant(START);

		CreatedHook created = hooks.create(HookDefinition.builder("swiss", "Customer", URL)
			.events("created", "updated")
			.match(new MatchCondition("country", "equals", "CH"))
			.build(), ReplayWindow.days(7));

		ReplayResult replay = created.replay();
		assertThat(replay).isNotNull();
		assertThat(replay.from()).isEqualTo(START.minus(Duration.ofDays(7)));
		assertThat(replay.until()).isEqualTo(START);
		assertThat(replay.events()).as("created and updated Customers of the window").isEqualTo(5);
		assertThat(replay.scheduled()).as("Bob is French").isEqualTo(4);
		List<Delivery> claimed = this.outbox.leases().claim("test", START.plusSeconds(1), Duration.ofMinutes(1), 10);
		assertThat(claimed).extracting(Delivery::target).containsOnly(created.hook().target());
		assertThat(claimed).extracting((delivery) -> delivery.eventType() + " " + delivery.entityId())
			.as("claimed in event order")
			.containsExactly("Customer.created 2", "Customer.updated 2", "Customer.created 4", "Customer.created 5");
		JsonNode first = this.json.readTree(claimed.get(0).payload());
		assertThat(first.get("hook").asString()).isEqualTo("swiss");
		assertThat(first.get("event").asString()).isEqualTo("created");
		assertThat(first.get("entityId").asLong()).isEqualTo(2);
		assertThat(first.get("data").get("name").asString()).isEqualTo("Ada");
		assertThat(Instant.parse(first.get("timestamp").asString())).as("the time of the event")
			.isEqualTo(START.minus(Duration.ofDays(3)));
		assertThat(this.json.readTree(claimed.get(1).payload()).get("data").get("name").asString())
			.isEqualTo("Ada L.");
		assertThat(this.outbox.queries().search(DeliverySearch.newest(100).withTarget(other.target())))
			.as("the other hook gets nothing new")
			.isEmpty();
	}

	@Test
	void aLargeReplayIsQueuedPageByPageInEventOrder() {
		this.clock.setInstant(START.minus(Duration.ofDays(1)));
		List<EntityChange> changes = new ArrayList<>();
		for (int i = 1; i <= 20_000; i++) {
			changes.add(change(ChangeType.CREATED, i, "c" + i, (i % 4 == 0) ? "FR" : "CH"));
			if (changes.size() == 1000) {
				inOneTransaction(changes);
				changes.clear();
				this.clock.setInstant(this.clock.instant().plusSeconds(1));
			}
		}
		this.clock.setInstant(START);
		long started = System.nanoTime();

		CreatedHook created = service(500).create(HookDefinition.builder("bulk", "Customer", URL)
			.events("created")
			.match(new MatchCondition("country", "equals", "CH"))
			.build(), ReplayWindow.days(2));

		long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
		System.out.printf("Replayed %d of %d logged events to a new hook on %s in pages of 500: %d ms%n",
				created.replay().scheduled(), created.replay().events(), databaseKind(), millis);
		assertThat(created.replay().events()).isEqualTo(20_000);
		assertThat(created.replay().scheduled()).isEqualTo(15_000);
		List<Delivery> firstClaimed = this.outbox.leases().claim("test", START.plusSeconds(1), Duration.ofMinutes(1), 3);
		assertThat(firstClaimed).extracting(Delivery::entityId).containsExactly("1", "2", "3");
	}

	@Test
	void customEventsAreLoggedAndReplayedWithTheirArgumentsAndSinceATime() {
		OutboxWebhookPublisher publisher = new OutboxWebhookPublisher(
				new OutboxSink(new PeerServers("shop", List.of()), this.json, this.outbox::writer, () -> {
				}, this.clock, this.deliveries, CaptureObserver.NONE, CaptureFailurePolicy.FAIL_TRANSACTION),
				new DataSourceTransactionBinding(this.database.dataSource()), this.sink);
		this.clock.setInstant(START.minusSeconds(120));
		publisher.publish(OutgoingMessage.of("customer.vip", Map.of("name", "Early")).entity("Customer", 1));
		this.clock.setInstant(START.minusSeconds(60));
		publisher.publish(OutgoingMessage.of("customer.vip", Map.of("name", "Ada"))
			.entity("Customer", 2)
			.arguments(Map.of("reason", "big spender")));
		publisher.publish(OutgoingMessage.of("customer.vip", Map.of("name", "No entity")));
		this.clock.setInstant(START);

		CreatedHook created = service(500).create(HookDefinition.builder("vip", "Customer", URL)
			.events("customer.vip")
			.template("application/json",
					"{\"name\": \"{{instance.name}}\", \"reason\": \"{{reason}}\", \"id\": {{entity_id}}, \"type\": \"{{event_type}}\"}")
			.build(), ReplayWindow.since(START.minusSeconds(90)));

		assertThat(created.replay().scheduled()).isEqualTo(1);
		List<Delivery> queued = this.outbox.queries()
			.search(DeliverySearch.newest(10).withTarget(created.hook().target()));
		assertThat(queued).hasSize(1);
		assertThat(queued.get(0).status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(this.json.readTree(queued.get(0).payload())).isEqualTo(this.json.readTree(
				"{\"name\": \"Ada\", \"reason\": \"big spender\", \"id\": 2, \"type\": \"customer.vip\"}"));
	}

	@Test
	void aReplayIsRefusedForADisabledHookOrWithoutAnEventLogAndNothingIsStored() {
		HookDefinition disabled = HookDefinition.builder("off", "Customer", URL).events("created").enabled(false).build();
		assertThatExceptionOfType(InvalidHookException.class)
			.isThrownBy(() -> service(500).create(disabled, ReplayWindow.days(1)))
			.withMessageContaining("replay: a disabled hook is sent nothing");
		HookService withoutLog = new HookService(new JdbcHookStore(this.database.dataSource(), this.json),
				this.registry, validator(), this.deliveries, this.clock, null, requests());
		assertThatExceptionOfType(InvalidHookException.class)
			.isThrownBy(() -> withoutLog.create(HookDefinition.builder("on", "Customer", URL).events("created").build(),
					ReplayWindow.days(1)))
			.withMessageContaining("webhooks.hooks.event-log.enabled=true");
		assertThatExceptionOfType(InvalidHookException.class)
			.isThrownBy(() -> service(500).create(HookDefinition.builder("later", "Customer", URL).build(),
					ReplayWindow.since(START.plusSeconds(1))))
			.withMessageContaining("replaySince: " + START.plusSeconds(1) + " is in the future");
		assertThat(service(500).list()).isEmpty();
	}

	@Test
	void thePurgeDeletesTheEventsOlderThanTheRetentionInBatches() {
		for (int day = 10; day >= 1; day--) {
			this.clock.setInstant(START.minus(Duration.ofDays(day)));
			inOneTransaction(List.of(change(ChangeType.CREATED, day, "c" + day, "CH")));
		}
		this.clock.setInstant(START);

		long deleted = new EventLogPurge(this.log, this.clock, Duration.ofDays(7).plusHours(1), 2).purge();

		assertThat(deleted).as("days 10, 9 and 8").isEqualTo(3);
		assertThat(page("Customer", List.of("created"), START.minus(Duration.ofDays(30)), START, null, 100))
			.extracting(LoggedEvent::entityId)
			.containsExactly("7", "6", "5", "4", "3", "2", "1");
	}

	private HookService service(int pageSize) {
		HookReplay replay = new HookReplay(this.log, this.database.dataSource(), this.outbox.writer(), this.deliveries,
				() -> {
				}, this.clock, pageSize);
		return new HookService(new JdbcHookStore(this.database.dataSource(), this.json), this.registry, validator(),
				this.deliveries, this.clock, null, requests(), replay);
	}

	private static HookValidator validator() {
		return new HookValidator(new EntityTypes(Map.of("Customer", Set.of("id", "name", "country"), "Invoice",
				Set.of("id", "total"))), Set.of("customer.vip"), HookPayloadSerializers.of(Map.of()), false);
	}

	private WebhookRequests requests() {
		return new WebhookRequests(DispatcherSettings.DEFAULT_USER_AGENT, "shop", new WebhookSigner(), this.clock);
	}

	private List<LoggedEvent> page(String entityType, List<String> events, Instant from, Instant until,
			LoggedEvent after, int limit) {
		try (Connection connection = this.database.dataSource().getConnection()) {
			return this.log.page(connection, entityType, events, from, until, after, limit);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void inOneTransaction(List<EntityChange> changes) {
		try (Connection connection = this.database.dataSource().getConnection()) {
			JdbcTransactions.inTransaction(connection, (transaction) -> {
				CollectingBuffer buffer = new CollectingBuffer();
				for (EntityChange change : changes) {
					this.sink.accept(change, buffer);
				}
				buffer.flush(transaction);
				return null;
			});
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// writes at once, as the publisher's buffer does
	private static TransactionBuffer buffer(Connection connection) {
		return new TransactionBuffer() {

			@Override
			public <T> void add(Batch<T> batch, List<? extends T> items) {
				try {
					batch.beforeCommit(connection, List.copyOf(items));
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			}

		};
	}

	private static EntityChange change(ChangeType type, long id, String name, String country) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("id", id);
		state.put("name", name);
		state.put("country", country);
		return new EntityChange(CapturedEntity.of(Customer.class, "Customer", "id"), type, id, null, state, null);
	}

	private static EntityChange invoice(ChangeType type, long id) {
		return new EntityChange(CapturedEntity.of(Invoice.class, "Invoice", "id"), type, id, null,
				Map.of("id", id, "total", 10), null);
	}

	/** Collects a transaction's items per batch and writes each batch once, as the capture's buffer does. */
	private static final class CollectingBuffer implements TransactionBuffer {

		private final Map<Batch<?>, List<Object>> items = new LinkedHashMap<>();

		@Override
		public <T> void add(Batch<T> batch, List<? extends T> more) {
			this.items.computeIfAbsent(batch, (key) -> new ArrayList<>()).addAll(more);
		}

		@SuppressWarnings("unchecked")
		void flush(Connection connection) throws SQLException {
			for (Map.Entry<Batch<?>, List<Object>> entry : this.items.entrySet()) {
				((Batch<Object>) entry.getKey()).beforeCommit(connection, entry.getValue());
			}
		}

	}

	private static final class SettableClock extends Clock {

		private volatile Instant instant = START;

		void setInstant(Instant instant) {
			this.instant = instant;
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

	static final class Customer {

	}

	static final class Invoice {

	}

}
