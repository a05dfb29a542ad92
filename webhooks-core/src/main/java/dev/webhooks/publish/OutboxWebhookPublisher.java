package dev.webhooks.publish;

import java.util.List;

import dev.webhooks.capture.TransactionBuffer;
import dev.webhooks.eventlog.EventLogSink;
import org.jspecify.annotations.Nullable;

/**
 * Writes published messages to the outbox in the caller's transaction, through the same {@link OutboxSink} as
 * captured changes, and wakes the dispatcher after commit. A message naming an entity type also goes to the runtime
 * hooks of that type that list its event.
 */
public final class OutboxWebhookPublisher implements WebhookPublisher {

	private final OutboxSink outbox;

	private final TransactionBuffer buffer;

	private final @Nullable EventLogSink eventLog;

	public OutboxWebhookPublisher(OutboxSink outbox, TransactionBinding transactions) {
		this(outbox, transactions, null);
	}

	/**
	 * @param eventLog also logs the messages that name an entity, for replay to hooks created later; {@code null}
	 * for no event log
	 */
	public OutboxWebhookPublisher(OutboxSink outbox, TransactionBinding transactions,
			@Nullable EventLogSink eventLog) {
		this.outbox = outbox;
		this.buffer = new BoundTransactionBuffer(transactions);
		this.eventLog = eventLog;
	}

	@Override
	public List<String> publish(OutgoingMessage message) {
		List<String> ids = this.outbox.publish(message, this.buffer);
		if (this.eventLog != null) {
			this.eventLog.published(message, this.buffer);
		}
		return ids;
	}

	/**
	 * The caller's transaction as a buffer: the rows are written on its connection at once (so the ids returned are
	 * in the database when the caller reads them), the after-commit work runs when it commits.
	 */
	private static final class BoundTransactionBuffer implements TransactionBuffer {

		private final TransactionBinding transactions;

		BoundTransactionBuffer(TransactionBinding transactions) {
			this.transactions = transactions;
		}

		@Override
		public <T> void add(Batch<T> batch, List<? extends T> items) {
			List<T> written = List.copyOf(items);
			this.transactions.withConnection((connection) -> {
				batch.beforeCommit(connection, written);
				return null;
			});
			this.transactions.afterCommit(() -> batch.afterCommit(written));
		}

	}

}
