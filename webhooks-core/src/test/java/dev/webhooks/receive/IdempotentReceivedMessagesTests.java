package dev.webhooks.receive;

import java.time.Duration;

import dev.webhooks.idempotency.InMemoryIdempotencyStore;
import dev.webhooks.receive.ReceivedMessages.Claim;
import dev.webhooks.receive.ReceivedMessages.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotentReceivedMessagesTests {

	private final IdempotentReceivedMessages received = new IdempotentReceivedMessages(new InMemoryIdempotencyStore(),
			Duration.ofDays(7), Duration.ofMinutes(5));

	@Test
	void aHandledMessageIsAnsweredAsAlreadyHandled() {
		Claim first = this.received.claim("shop", "msg_1");
		assertThat(first.status()).isEqualTo(Status.NEW);
		first.handled();
		assertThat(this.received.claim("shop", "msg_1").status()).isEqualTo(Status.ALREADY_HANDLED);
	}

	@Test
	void aMessageBeingHandledIsInProgressForOtherDeliveries() {
		assertThat(this.received.claim("shop", "msg_2").status()).isEqualTo(Status.NEW);
		assertThat(this.received.claim("shop", "msg_2").status()).isEqualTo(Status.IN_PROGRESS);
	}

	@Test
	void aReleasedMessageCanBeHandledAgain() {
		this.received.claim("shop", "msg_3").release();
		assertThat(this.received.claim("shop", "msg_3").status()).isEqualTo(Status.NEW);
	}

	@Test
	void theSameIdFromAnotherSenderIsAnotherMessage() {
		this.received.claim("shop", "msg_4").handled();
		assertThat(this.received.claim("billing", "msg_4").status()).isEqualTo(Status.NEW);
	}

	@Test
	void keysStayWithinTheStoresLimitsWhateverTheIds() {
		String key = IdempotentReceivedMessages.key("shop", "x".repeat(5000));
		assertThat(key).hasSizeLessThanOrEqualTo(255).matches("webhook:[0-9a-f]{64}");
	}

}
