package dev.webhooks.peers.modulith;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.webhooks.benchmarks.PlainOrder;
import dev.webhooks.benchmarks.PlainOrderRepository;

/** Saves an order and publishes its event in the same transaction. */
@Service
public class PeerOrders {

	private final PlainOrderRepository orders;

	private final ApplicationEventPublisher events;

	PeerOrders(PlainOrderRepository orders, ApplicationEventPublisher events) {
		this.orders = orders;
		this.events = events;
	}

	@Transactional
	public void place(int sequence) {
		PlainOrder order = this.orders.save(new PlainOrder(sequence));
		this.events.publishEvent(new OrderPlaced(order.getId(), order.getNumber(), order.getCustomerEmail(),
				order.getStatus(), order.getTotal(), order.getCurrency(), order.getItemCount(), order.getPlacedAt(),
				order.getNote()));
	}

}
