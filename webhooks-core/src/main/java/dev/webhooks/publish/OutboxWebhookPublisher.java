package dev.webhooks.publish;

import java.time.Clock;
import java.util.List;

import dev.webhooks.delivery.DeliveryStore;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.receive.InboundContext;

/**
 * Writes published messages to the outbox in the caller's transaction and wakes the dispatcher after commit.
 */
public final class OutboxWebhookPublisher implements WebhookPublisher {

	private final DeliveryStore store;

	private final DeliveryFactory deliveryFactory;

	private final PeerServers peers;

	private final TransactionBinding transactions;

	private final Runnable afterCommit;

	private final Clock clock;

	/**
	 * @param afterCommit what to do once deliveries are committed, typically waking the dispatcher
	 */
	public OutboxWebhookPublisher(DeliveryStore store, DeliveryFactory deliveryFactory, PeerServers peers,
			TransactionBinding transactions, Runnable afterCommit, Clock clock) {
		this.store = store;
		this.deliveryFactory = deliveryFactory;
		this.peers = peers;
		this.transactions = transactions;
		this.afterCommit = afterCommit;
		this.clock = clock;
	}

	@Override
	public List<String> publish(OutgoingMessage message) {
		List<PeerServers.Peer> targets = this.peers.targets(message.servers(), InboundContext.currentSource());
		List<NewDelivery> deliveries = this.deliveryFactory.create(message, targets, this.clock.instant());
		if (deliveries.isEmpty()) {
			return List.of();
		}
		this.transactions.withConnection((connection) -> {
			this.store.insert(connection, deliveries);
			return null;
		});
		this.transactions.afterCommit(this.afterCommit);
		return deliveries.stream().map(NewDelivery::id).toList();
	}

}
