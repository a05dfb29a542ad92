package dev.webhooks.realtime.pusher;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PusherWebhookTests {

	private final InMemoryChannelOccupancy occupancy = new InMemoryChannelOccupancy();

	private final PusherWebhook webhook = new PusherWebhook("key", "secret", this.occupancy,
			JsonMapper.builder().build());

	// spacing Pusher might send; re-serializing would change it and break the signature
	private final byte[] body = ("{\"time_ms\": 1327078148132, \"events\": [ {\"name\": \"channel_occupied\", "
			+ "\"channel\": \"invoices\"}, {\"name\":\"channel_vacated\",\"channel\":\"archive\"},"
			+ "{\"name\":\"member_added\",\"channel\":\"presence-x\",\"user_id\":\"1\"} ]}")
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void aWebhookSignedOverItsRawBodyRecordsOccupiedAndVacatedChannels() {
		int applied = this.webhook.receive("key", HexFormat.of().formatHex(this.webhook.sign(this.body)), this.body);

		assertThat(applied).isEqualTo(2);
		assertThat(this.occupancy.isOccupied("invoices")).isTrue();
		assertThat(this.occupancy.isOccupied("archive")).isFalse();
		assertThat(this.occupancy.isOccupied("presence-x")).isNull();
	}

	@Test
	void aWrongSignatureIsUnauthorizedAndChangesNothing() {
		byte[] other = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(PusherWebhook.InvalidPusherWebhookException.class)
			.isThrownBy(() -> this.webhook.receive("key", HexFormat.of().formatHex(this.webhook.sign(other)), this.body))
			.satisfies((ex) -> assertThat(ex.isUnauthorized()).isTrue());
		assertThat(this.occupancy.isOccupied("invoices")).isNull();
	}

	@Test
	void missingHeadersAndAForeignKeyAreUnauthorized() {
		String signature = HexFormat.of().formatHex(this.webhook.sign(this.body));
		assertThatExceptionOfType(PusherWebhook.InvalidPusherWebhookException.class)
			.isThrownBy(() -> this.webhook.receive(null, signature, this.body))
			.withMessageContaining("X-Pusher-Key");
		assertThatExceptionOfType(PusherWebhook.InvalidPusherWebhookException.class)
			.isThrownBy(() -> this.webhook.receive("key", null, this.body))
			.withMessageContaining("X-Pusher-Signature");
		assertThatExceptionOfType(PusherWebhook.InvalidPusherWebhookException.class)
			.isThrownBy(() -> this.webhook.receive("other-key", signature, this.body))
			.withMessageContaining("not this application's key");
	}

}
