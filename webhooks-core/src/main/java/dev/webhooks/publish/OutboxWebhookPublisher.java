package dev.webhooks.publish;

import java.util.List;

import dev.webhooks.capture.TransactionBuffer;

/**
 * Writes published messages to the outbox in the caller's transaction, through the same {@link OutboxSink} as
 * captured changes, and wakes the dispatcher after commit. A message naming an entity type also goes to the runtime
 * hooks of that type that list its event.
 */
public final class OutboxWebhookPublisher implements WebhookPublisher {

	private final OutboxSink outbox;

	private final TransactionBuffer buffer;

	public OutboxWebhookPublisher(OutboxSink outbox, TransactionBinding transactions) {
		this.outbox = outbox;
		this.buffer = new BoundTransactionBuffer(transactions);
	}

	@Override
	public List<String> publish(OutgoingMessage message) {
		return this.outbox.publish(message, this.buffer);
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
