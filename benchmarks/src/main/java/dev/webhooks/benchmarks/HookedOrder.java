package dev.webhooks.benchmarks;

import jakarta.persistence.Entity;

/** The same order without {@code @HttpReceiver}, for runtime hooks to listen to. */
@Entity
public class HookedOrder extends OrderColumns {

	protected HookedOrder() {
	}

	public HookedOrder(int sequence) {
		super(sequence);
	}

}
