package dev.webhooks.idempotency;

class InMemoryIdempotencyStoreTests extends IdempotencyStoreContractTests {

	@Override
	protected IdempotencyStore createStore(MutableClock clock) {
		return new InMemoryIdempotencyStore(clock);
	}

}
