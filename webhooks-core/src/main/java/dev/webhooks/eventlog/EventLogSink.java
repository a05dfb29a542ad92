package dev.webhooks.eventlog;

import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.webhooks.capture.CaptureFailurePolicy;
import dev.webhooks.capture.CapturedEntity;
import dev.webhooks.capture.ChangeSink;
import dev.webhooks.capture.ChangeType;
import dev.webhooks.capture.EntityChange;
import dev.webhooks.capture.TransactionBuffer;
import dev.webhooks.publish.OutgoingMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Logs captured changes, and custom events published about an entity, into the {@link EventLog}: one row per
 * event, all the rows of a transaction in one insert just before it commits, so they commit or roll back with the
 * change. Logs every entity, annotated or not, or only the entity types it is given.
 * <pre>{@code
 * HibernateChangeCapture.register(sessionFactory, new EventLogSink(() -> log, jsonMapper, clock, Set.of(), policy));
 * }</pre>
 */
public final class EventLogSink implements ChangeSink {

	private static final Logger logger = LoggerFactory.getLogger(EventLogSink.class);

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final Set<String> entityTypes;

	private final CaptureFailurePolicy failurePolicy;

	private final TransactionBuffer.Batch<LoggedEvent> batch;

	/**
	 * @param log the log, looked up at the first write so the sink can be registered while the session factory is
	 * still being built
	 * @param entityTypes the JPA entity names to log; empty for every entity
	 * @param failurePolicy what a change whose state cannot be written as JSON does: fail the business transaction,
	 * or be left out of the log with a warning
	 */
	public EventLogSink(Supplier<EventLog> log, JsonMapper jsonMapper, Clock clock, Set<String> entityTypes,
			CaptureFailurePolicy failurePolicy) {
		this.jsonMapper = jsonMapper;
		this.clock = clock;
		this.entityTypes = Set.copyOf(entityTypes);
		this.failurePolicy = failurePolicy;
		this.batch = new LogBatch(log);
	}

	/** Whether events of the entity type are logged. */
	public boolean logs(String entityType) {
		return this.entityTypes.isEmpty() || this.entityTypes.contains(entityType);
	}

	@Override
	public boolean wants(CapturedEntity entity, ChangeType change) {
		return logs(entity.name());
	}

	@Override
	public void accept(EntityChange change, TransactionBuffer buffer) {
		String what = "the state of " + change.entityType() + " " + change.id();
		String instance = json(change.state(), what);
		String entityId = json(change.id(), what);
		if (instance == null || entityId == null) {
			return;
		}
		buffer.add(this.batch, List.of(new LoggedEvent(0, this.clock.instant(), change.type(),
				change.entity().topic(), change.entityType(), change.change().event(), entityId, instance, null)));
	}

	/**
	 * Logs a published message that names an entity, as runtime hooks see it; other messages reach no hook and are
	 * not logged.
	 */
	public void published(OutgoingMessage message, TransactionBuffer buffer) {
		String entityType = message.entityType();
		if (entityType == null || !logs(entityType)) {
			return;
		}
		String what = "the '" + message.type() + "' message";
		String instance = json(message.data(), what);
		String entityId = (message.entityId() != null) ? json(message.entityId(), what) : null;
		String arguments = message.arguments().isEmpty() ? null : json(message.arguments(), what);
		if (instance == null || (message.entityId() != null && entityId == null)
				|| (!message.arguments().isEmpty() && arguments == null)) {
			return;
		}
		buffer.add(this.batch, List.of(new LoggedEvent(0, this.clock.instant(), message.type(), message.topic(),
				entityType, message.event(), entityId, instance, arguments)));
	}

	// null when the value cannot be written and the policy keeps the transaction going
	private @Nullable String json(@Nullable Object value, String what) {
		try {
			return this.jsonMapper.writeValueAsString(value);
		}
		catch (JacksonException ex) {
			String message = "Could not log " + what + " as JSON: " + ex.getOriginalMessage();
			if (this.failurePolicy == CaptureFailurePolicy.FAIL_TRANSACTION) {
				throw new EventLogException(message, ex);
			}
			logger.warn("{}; the event is left out of the event log", message);
			return null;
		}
	}

	/** Writes a transaction's events in one insert. */
	private static final class LogBatch implements TransactionBuffer.Batch<LoggedEvent> {

		private final Supplier<EventLog> log;

		LogBatch(Supplier<EventLog> log) {
			this.log = log;
		}

		@Override
		public void beforeCommit(Connection connection, List<LoggedEvent> events) {
			this.log.get().append(connection, events);
		}

		@Override
		public String toString() {
			return "the event log";
		}

	}

}
