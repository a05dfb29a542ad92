package dev.webhooks.hooks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.webhooks.capture.DeliveryFactory;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.eventlog.EventLog;
import dev.webhooks.eventlog.LoggedEvent;
import dev.webhooks.hooks.payload.HookPayloadException;
import dev.webhooks.jdbc.JdbcTransactions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a new hook the logged events it would have matched: reads the {@link EventLog} a page at a time, oldest
 * first, applies the hook's events and match filter as capture does, renders each payload as of the event's time,
 * and queues the deliveries of a page in one batch, in one short transaction. Nothing but one page is held in
 * memory, however long the window.
 * <p>
 * Each delivery is due one microsecond after the one before it, so the dispatcher claims them in event order. A
 * payload that cannot be rendered (a serializer that fails) becomes a {@code FAILED} delivery carrying the reason,
 * since there is no business transaction to fail.
 */
public final class HookReplay {

	private static final Logger logger = LoggerFactory.getLogger(HookReplay.class);

	private final EventLog log;

	private final DataSource dataSource;

	private final OutboxWriter outbox;

	private final HookDeliveries deliveries;

	private final Runnable wakeUp;

	private final Clock clock;

	private final int pageSize;

	/**
	 * @param dataSource the database of the log and the outbox, for the transaction of each page
	 * @param deliveries renders payloads as live deliveries of the hook are rendered
	 * @param wakeUp wakes this instance's dispatcher, if any, after each page
	 * @param pageSize the most events read, and deliveries written, in one transaction
	 */
	public HookReplay(EventLog log, DataSource dataSource, OutboxWriter outbox, HookDeliveries deliveries,
			Runnable wakeUp, Clock clock, int pageSize) {
		if (pageSize < 1) {
			throw new IllegalArgumentException("pageSize must be at least 1, but is " + pageSize);
		}
		this.log = log;
		this.dataSource = dataSource;
		this.outbox = outbox;
		this.deliveries = deliveries;
		this.wakeUp = wakeUp;
		this.clock = clock;
		this.pageSize = pageSize;
	}

	/**
	 * Queues deliveries of the hook for the logged events in {@code [from, until)} it would have fired on.
	 * @throws HookReplayException when reading or writing fails; the pages written before stay queued
	 */
	public ReplayResult replay(Hook hook, Instant from, Instant until) {
		ActiveHook active = ActiveHook.compile(hook);
		// due times start now and grow by a microsecond per delivery: the claim order is the event order
		Instant due = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		long events = 0;
		long scheduled = 0;
		LoggedEvent last = null;
		try (Connection connection = this.dataSource.getConnection()) {
			while (true) {
				LoggedEvent after = last;
				Instant firstDue = due.plus(scheduled, ChronoUnit.MICROS);
				Page page = JdbcTransactions.inTransaction(connection, (transaction) -> {
					List<LoggedEvent> read = this.log.page(transaction, hook.entityType(), hook.events(), from, until,
							after, this.pageSize);
					List<NewDelivery> queued = deliveriesOf(active, read, firstDue);
					this.outbox.insert(transaction, queued);
					return new Page(read, queued.size());
				});
				events += page.read.size();
				scheduled += page.queued;
				if (page.queued > 0) {
					this.wakeUp.run();
				}
				if (page.read.size() < this.pageSize) {
					break;
				}
				last = page.read.get(page.read.size() - 1);
			}
		}
		catch (SQLException | RuntimeException ex) {
			throw new HookReplayException("Replay to hook '" + hook.name() + "' stopped after " + scheduled
					+ " deliveries had been scheduled: " + ex.getMessage(), scheduled, ex);
		}
		logger.info("Replay to hook '{}' ({}): {} of {} logged events from {} until {} scheduled", hook.name(),
				hook.id(), scheduled, events, from, until);
		return new ReplayResult(from, until, events, scheduled);
	}

	private List<NewDelivery> deliveriesOf(ActiveHook active, List<LoggedEvent> events, Instant firstDue) {
		Hook hook = active.hook();
		List<NewDelivery> queued = new ArrayList<>(events.size());
		for (LoggedEvent logged : events) {
			// what capture handed the hooks, read back; serializers get no entity object, only the instance
			JsonNode entityId = parse(logged.entityId());
			HookEvent event = new HookEvent(logged.type(), logged.topic(), logged.entityType(), logged.event(),
					entityId, null, parse(logged.instance()), parse(logged.arguments()));
			if (!active.firesOn(event)) {
				continue;
			}
			String payload;
			String failure = null;
			try {
				payload = this.deliveries.render(active, event, logged.occurredAt());
			}
			catch (HookPayloadException ex) {
				payload = "";
				failure = ex.getMessage();
			}
			Instant dueAt = firstDue.plus(queued.size(), ChronoUnit.MICROS);
			queued.add(DeliveryFactory.create(hook.target(), hook.url(), hook.httpMethod(), active.headers(),
					logged.type(), logged.entityType(), DeliveryFactory.idText(entityId), payload, dueAt,
					failure));
		}
		return queued;
	}

	private @Nullable JsonNode parse(@Nullable String json) {
		if (json == null) {
			return null;
		}
		JsonMapper jsonMapper = this.deliveries.jsonMapper();
		try {
			return jsonMapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("A logged event is not JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private record Page(List<LoggedEvent> read, int queued) {

	}

}
