package dev.webhooks.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeliveryRecordsTests {

	private final DeliveryRecords records = new DeliveryRecords(JsonMapper.builder().build());

	private final Instant now = Instant.parse("2026-12-06T05:00:00.123456Z");

	@Test
	void aClaimedDeliveryReadsBackAsSentWithItsLease() {
		Delivery claimed = new Delivery("msg_1", Target.hook("h1"), "https://example.com/in", "PUT",
				Map.of("X-Tenant", "acme"), "orders.updated", "Order", "42", "{\"total\":\"9.90 €\"}",
				DeliveryStatus.IN_FLIGHT, 3, this.now, "relay-a#17", this.now.plusSeconds(300), null, null,
				this.now.minusSeconds(5), this.now, null, Map.of("traceparent", "00-abc-def-01"), "Order:42");

		Delivery read = this.records.read(this.records.write(claimed));

		assertThat(read.id()).isEqualTo("msg_1");
		assertThat(read.target()).isEqualTo(Target.hook("h1"));
		assertThat(read.httpMethod()).isEqualTo("PUT");
		assertThat(read.headers()).containsExactly(Map.entry("X-Tenant", "acme"));
		assertThat(read.payload()).isEqualTo("{\"total\":\"9.90 €\"}");
		assertThat(read.attemptCount()).isEqualTo(3);
		assertThat(read.leaseOwner()).isEqualTo("relay-a#17");
		assertThat(read.leaseExpiresAt()).isEqualTo(this.now.plusSeconds(300));
		assertThat(read.createdAt()).isEqualTo(this.now.minusSeconds(5));
		assertThat(read.traceContext()).containsEntry("traceparent", "00-abc-def-01");
		assertThat(read.orderingKey()).isEqualTo("Order:42");
		assertThat(read.entityType()).isEqualTo("Order");
		assertThat(read.entityId()).isEqualTo("42");
	}

	@Test
	void oneEntitysChangesToOneTargetShareAKeyAndSoAPartition() {
		Delivery first = delivery("msg_1", Target.server("warehouse"), "42", null);
		Delivery second = delivery("msg_2", Target.server("warehouse"), "42", null);
		Delivery otherTarget = delivery("msg_3", Target.server("billing"), "42", null);
		Delivery ordered = delivery("msg_4", Target.server("warehouse"), "42", "Order:42");

		assertThat(DeliveryRecords.key(first)).isEqualTo(DeliveryRecords.key(second)).isEqualTo("warehouse|Order:42");
		assertThat(DeliveryRecords.key(otherTarget)).isEqualTo("billing|Order:42");
		assertThat(DeliveryRecords.key(ordered)).isEqualTo("warehouse|Order:42");
		assertThat(DeliveryRecords.key(delivery("msg_5", Target.server("warehouse"), null, null)))
			.isEqualTo("warehouse|msg_5");
	}

	@Test
	void aRecordOfAnotherFormatIsRefusedWithItsReason() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.records.read("{\"v\":2,\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
			.withMessage("delivery record version 2 is not 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.records.read("not json".getBytes(StandardCharsets.UTF_8)))
			.withMessageStartingWith("not a delivery record");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.records.read("{\"v\":1,\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
			.withMessage("delivery record without 'createdAt'");
	}

	private Delivery delivery(String id, Target target, String entityId, String orderingKey) {
		return new Delivery(id, target, "https://example.com/in", "POST", Map.of(), "orders.updated",
				(entityId != null) ? "Order" : null, entityId, "{}", DeliveryStatus.IN_FLIGHT, 1, this.now,
				"relay-a#1", this.now.plusSeconds(60), null, null, this.now, this.now, null, Map.of(), orderingKey);
	}

}
