package dev.webhooks.publish;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.hooks.HookDeliveries;
import dev.webhooks.hooks.HookEvent;
import dev.webhooks.receive.InboundContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Writes published messages to the outbox in the caller's transaction and wakes the dispatcher after commit. A
 * message naming an entity type also goes to the runtime hooks of that type that list its event.
 */
public final class OutboxWebhookPublisher implements WebhookPublisher {

	private final OutboxWriter store;

	private final DeliveryFactory deliveryFactory;

	private final PeerServers peers;

	private final TransactionBinding transactions;

	private final Runnable afterCommit;

	private final Clock clock;

	private final @Nullable HookDeliveries hooks;

	/**
	 * @param afterCommit what to do once deliveries are committed, typically waking the dispatcher
	 */
	public OutboxWebhookPublisher(OutboxWriter store, DeliveryFactory deliveryFactory, PeerServers peers,
			TransactionBinding transactions, Runnable afterCommit, Clock clock) {
		this(store, deliveryFactory, peers, transactions, afterCommit, clock, null);
	}

	/**
	 * @param hooks the runtime hooks custom events may reach; {@code null} for none
	 */
	public OutboxWebhookPublisher(OutboxWriter store, DeliveryFactory deliveryFactory, PeerServers peers,
			TransactionBinding transactions, Runnable afterCommit, Clock clock, @Nullable HookDeliveries hooks) {
		this.store = store;
		this.deliveryFactory = deliveryFactory;
		this.peers = peers;
		this.transactions = transactions;
		this.afterCommit = afterCommit;
		this.clock = clock;
		this.hooks = hooks;
	}

	@Override
	public List<String> publish(OutgoingMessage message) {
		Instant now = this.clock.instant();
		List<PeerServers.Peer> targets = this.peers.targets(message.servers(), InboundContext.currentSource());
		List<NewDelivery> deliveries = new ArrayList<>(this.deliveryFactory.create(message, targets, now));
		String entityType = message.entityType();
		if (this.hooks != null && entityType != null && this.hooks.hasHooks(entityType)) {
			JsonNode instance = (message.data() != null) ? this.deliveryFactory.snapshot(message.data())
					: JsonNodeFactory.instance.nullNode();
			deliveries.addAll(this.hooks.deliveries(new HookEvent(entityType, message.event(), message.entityId(),
					message.data(), instance, this.deliveryFactory.snapshot(message.arguments())), now));
		}
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
