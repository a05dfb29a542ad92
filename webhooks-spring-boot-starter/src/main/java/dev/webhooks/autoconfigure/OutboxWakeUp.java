package dev.webhooks.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Something on this instance that sends the outbox and should look at it at once after a commit wrote deliveries,
 * rather than at its next poll: the dispatcher, or in Kafka mode also the relay. Free of any dispatch technology, so
 * that the capture, the hooks and the operations can wake whatever the mode runs.
 */
@FunctionalInterface
public interface OutboxWakeUp {

	/** Cheap, non-blocking and safe from any thread. */
	void wakeUp();

	/**
	 * Wakes every {@link OutboxWakeUp} bean; looked up at each call, since the beans that write deliveries may be
	 * created before those that send them.
	 */
	static Runnable all(ObjectProvider<OutboxWakeUp> wakeUps) {
		return () -> wakeUps.orderedStream().forEach(OutboxWakeUp::wakeUp);
	}

}
