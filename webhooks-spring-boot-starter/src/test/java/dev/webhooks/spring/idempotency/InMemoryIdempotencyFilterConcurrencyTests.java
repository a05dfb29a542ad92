package dev.webhooks.spring.idempotency;

import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.InMemoryIdempotencyStore;

class InMemoryIdempotencyFilterConcurrencyTests extends IdempotencyFilterConcurrencyTests {

	@Override
	protected String[] storeProperties() {
		return new String[] { "webhooks.idempotency.store=memory" };
	}

	@Override
	protected Class<? extends IdempotencyStore> expectedStore() {
		return InMemoryIdempotencyStore.class;
	}

}
