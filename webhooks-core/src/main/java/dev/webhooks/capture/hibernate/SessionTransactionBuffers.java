package dev.webhooks.capture.hibernate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.webhooks.capture.TransactionBuffer;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link TransactionBuffer} per Hibernate transaction (as Envers keeps one audit process per transaction):
 * created at the first item, registered once as a before- and an after-completion callback of the session, and
 * dropped when the transaction completes.
 */
final class SessionTransactionBuffers {

	private static final Logger logger = LoggerFactory.getLogger(SessionTransactionBuffers.class);

	private final Map<SharedSessionContractImplementor, SessionBuffer> pending = new ConcurrentHashMap<>();

	/** The buffer the changes of this session's current transaction go to. */
	TransactionBuffer of(SharedSessionContractImplementor session) {
		return new TransactionBuffer() {

			@Override
			public <T> void add(Batch<T> batch, List<? extends T> items) {
				if (items.isEmpty()) {
					return;
				}
				if (session.isTransactionInProgress()) {
					SessionTransactionBuffers.this.pending.computeIfAbsent(session, SessionTransactionBuffers.this::start)
						.add(batch, items);
				}
				else {
					SessionBuffer now = new SessionBuffer();
					now.add(batch, items);
					session.doWork(now::beforeCommit);
					now.afterCommit();
				}
			}

		};
	}

	private SessionBuffer start(SharedSessionContractImplementor session) {
		SessionBuffer buffer = new SessionBuffer();
		session.getTransactionCompletionCallbacks()
			.registerCallback((BeforeCompletionCallback) (completing) -> completing.doWork(buffer::beforeCommit));
		session.getTransactionCompletionCallbacks()
			.registerCallback((AfterCompletionCallback) (success, completed) -> {
				this.pending.remove(completed);
				if (success) {
					buffer.afterCommit();
				}
			});
		return buffer;
	}

	/** The items of one transaction, by batch in the order the batches were first used. */
	private static final class SessionBuffer {

		private final Map<TransactionBuffer.Batch<?>, List<Object>> batches = new LinkedHashMap<>();

		void add(TransactionBuffer.Batch<?> batch, List<?> items) {
			this.batches.computeIfAbsent(batch, (key) -> new ArrayList<>()).addAll(items);
		}

		void beforeCommit(Connection connection) throws SQLException {
			for (Map.Entry<TransactionBuffer.Batch<?>, List<Object>> entry : this.batches.entrySet()) {
				batch(entry.getKey()).beforeCommit(connection, entry.getValue());
			}
		}

		// the transaction committed: one batch that fails must not keep the others from their work
		void afterCommit() {
			this.batches.forEach((batch, items) -> {
				try {
					batch(batch).afterCommit(items);
				}
				catch (RuntimeException ex) {
					logger.warn("After-commit work of {} failed", batch, ex);
				}
			});
		}

		// every batch only ever receives items of its own type (TransactionBuffer.add)
		@SuppressWarnings("unchecked")
		private static TransactionBuffer.Batch<Object> batch(TransactionBuffer.Batch<?> batch) {
			return (TransactionBuffer.Batch<Object>) batch;
		}

	}

}
