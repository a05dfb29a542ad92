package dev.webhooks.publish;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.publish.PeerServers.Peer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DeliveryFactoryTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final DeliveryFactory factory = new DeliveryFactory(this.jsonMapper, "shop");

	private final Instant now = Instant.parse("2026-11-21T10:15:30.123Z");

	@Test
	void rendersOneEnvelopeAndOneDeliveryPerTarget() {
		List<NewDelivery> deliveries = this.factory.create(
				new OutgoingMessage("tags.created", "tags", "created", "Tag", 42L,
						Map.of("name", "new", "price", new BigDecimal("10.50"), "day", LocalDate.of(2026, 11, 21)),
						List.of()),
				List.of(new Peer("a", "http://a.example/in", List.of()), new Peer("b", "http://b.example/in", List.of())),
				this.now);
		assertThat(deliveries).hasSize(2);
		assertThat(deliveries).extracting(NewDelivery::target).containsExactly("a", "b");
		assertThat(deliveries).extracting(NewDelivery::url).containsExactly("http://a.example/in", "http://b.example/in");
		assertThat(deliveries.get(0).id()).isNotEqualTo(deliveries.get(1).id());
		assertThat(deliveries.get(0).payload()).isEqualTo(deliveries.get(1).payload());
		assertThat(deliveries.get(0).entityId()).isEqualTo("42");
		JsonNode body = this.jsonMapper.readTree(deliveries.get(0).payload());
		assertThat(body.get("type").asString()).isEqualTo("tags.created");
		assertThat(body.get("timestamp").asString()).isEqualTo("2026-11-21T10:15:30.123Z");
		assertThat(body.get("source").asString()).isEqualTo("shop");
		assertThat(body.get("receiver").asString()).isEqualTo("tags");
		assertThat(body.get("event").asString()).isEqualTo("created");
		assertThat(body.get("entityType").asString()).isEqualTo("Tag");
		assertThat(body.get("entityId").asLong()).isEqualTo(42L);
		assertThat(body.get("data").get("price").decimalValue()).isEqualByComparingTo("10.50");
		assertThat(body.get("data").get("day").asString()).isEqualTo("2026-11-21");
	}

	@Test
	void customEventsUseTheirTypeAsReceiverAndEvent() {
		NewDelivery delivery = this.factory
			.create(OutgoingMessage.of("invoice.paid", Map.of("number", "F-1")),
					List.of(new Peer("a", "http://a.example/in", List.of())), this.now)
			.get(0);
		JsonNode body = this.jsonMapper.readTree(delivery.payload());
		assertThat(body.get("receiver").asString()).isEqualTo("invoice.paid");
		assertThat(body.get("event").asString()).isEqualTo("invoice.paid");
		assertThat(body.has("entityType")).isFalse();
		assertThat(delivery.entityType()).isNull();
		assertThat(delivery.eventType()).isEqualTo("invoice.paid");
	}

	@Test
	void writesNothingWithoutTargets() {
		assertThat(this.factory.create(OutgoingMessage.of("x", null), List.of(), this.now)).isEmpty();
	}

	@Test
	void reportsDataThatCannotBeSerialized() {
		// an empty bean is written as {} since Jackson 3, so the data must really fail to serialize
		assertThatExceptionOfType(DeliveryFactory.PayloadSerializationException.class)
			.isThrownBy(() -> this.factory.snapshot(new Unreadable()))
			.withMessageContaining(Unreadable.class.getName())
			.withMessageContaining("lazy state not loaded");
	}

	static final class Unreadable {

		public String getState() {
			throw new IllegalStateException("lazy state not loaded");
		}

	}

}
