package dev.webhooks.benchmarks;

import jakarta.persistence.Entity;

import dev.webhooks.capture.HttpReceiver;

/** An order whose changes are sent as webhooks. */
@Entity
@HttpReceiver("orders")
public class CapturedOrder extends OrderColumns {

	protected CapturedOrder() {
	}

	public CapturedOrder(int sequence) {
		super(sequence);
	}

}
