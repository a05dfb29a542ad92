package dev.webhooks.integration.sender;

import dev.webhooks.capture.HttpReceiver;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;

/** A composite id. */
@Entity
@HttpReceiver("order-lines")
public class OrderLine {

	@EmbeddedId
	private OrderLineId id;

	private int quantity;

	protected OrderLine() {
	}

	public OrderLine(OrderLineId id, int quantity) {
		this.id = id;
		this.quantity = quantity;
	}

}
