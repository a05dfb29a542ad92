package dev.webhooks.capture;

import java.util.Set;

/**
 * Receives captured entity changes: the outbox (peer servers and runtime hooks) and realtime channels are sinks.
 * Called during the flush, in the business transaction, so {@link #wants} must be cheap and {@link #accept} must
 * leave its work in the {@link TransactionBuffer} rather than do it at once.
 */
public interface ChangeSink {

	/**
	 * Checks what the sink reads of an entity class at start-up.
	 * @param attributes the entity's attribute names
	 * @throws IllegalStateException naming the entity and what is wrong
	 */
	default void validate(CapturedEntity entity, Set<String> attributes) {
	}

	/**
	 * Whether the sink may take this change: asked before the state is taken, for every change of every entity, so
	 * it must be a lookup or two.
	 */
	boolean wants(CapturedEntity entity, ChangeType change);

	/** Takes a change the sink {@link #wants}. */
	void accept(EntityChange change, TransactionBuffer buffer);

}
