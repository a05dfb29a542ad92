package dev.webhooks.benchmarks;

import jakarta.persistence.Entity;

/** The same order without {@code @HttpReceiver}: the baseline of the capture overhead. */
@Entity
public class PlainOrder extends OrderColumns {

	protected PlainOrder() {
	}

	public PlainOrder(int sequence) {
		super(sequence);
	}

}
