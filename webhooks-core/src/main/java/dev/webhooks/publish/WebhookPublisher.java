package dev.webhooks.publish;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Puts custom messages in the outbox, in the caller's transaction: what entity capture cannot see, such as bulk
 * JPQL or native updates, or events that are not entity changes.
 * <pre>{@code
 * @Transactional
 * public void pay(Invoice invoice) {
 *     invoice.markPaid();
 *     publisher.publish("invoice.paid", Map.of("invoice", invoice.getNumber()));
 * }
 * }</pre>
 * If the transaction rolls back, nothing is sent. On the receiving side a {@code @WebhookHandler("invoice.paid")}
 * method handles it (the topic is the event type unless {@link OutgoingMessage#topic(String)} says otherwise).
 */
public interface WebhookPublisher {

	/**
	 * Publishes {@code data} under {@code type} to every configured server except this application.
	 * @return the ids of the deliveries written, one per target server
	 */
	default List<String> publish(String type, @Nullable Object data) {
		return publish(OutgoingMessage.of(type, data));
	}

	/**
	 * Publishes a message.
	 * @return the ids of the deliveries written, one per target server
	 */
	List<String> publish(OutgoingMessage message);

}
