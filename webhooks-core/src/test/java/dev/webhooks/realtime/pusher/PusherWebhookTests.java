package dev.webhooks.realtime.pusher;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PusherWebhookTests {

	private final InMemoryChannelOccupancy occupancy = new InMemoryChannelOccupancy();

	private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

	private final PusherWebhook webhook = new PusherWebhook("key", "secret", this.occupancy,
			JsonMapper.builder().build(), this.clock, PusherWebhook.DEFAULT_TOLERANCE);

	// spacing Pusher might send; re-serializing would change it and break the signature
	private final byte[] body = ("{\"time_ms\": " + this.clock.millis() + ", \"events\": [ {\"name\": "
			+ "\"channel_occupied\", \"channel\": \"invoices\"}, {\"name\":\"channel_vacated\",\"channel\":\"archive\"},"
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

	@Test
	void aCorrectlySignedWebhookSentLongerAgoThanTheToleranceIsRefusedNamingItsAge() {
		byte[] old = occupied(this.clock.millis() - Duration.ofDays(30).toMillis());

		assertThatExceptionOfType(PusherWebhook.InvalidPusherWebhookException.class)
			.isThrownBy(() -> this.webhook.receive("key", signature(old), old))
			.satisfies((ex) -> assertThat(ex.isUnauthorized()).isFalse())
			.satisfies((ex) -> assertThat(ex.isStale()).isTrue())
			.withMessageContaining("2026-01-30T10:00:00Z")
			.withMessageContaining("720h ago")
			.withMessageContaining("within 5m");
		assertThat(this.occupancy.isOccupied("invoices")).isNull();
	}

	@Test
	void aWebhookFromTooFarAheadOfTheClockIsRefusedToo() {
		byte[] ahead = occupied(this.clock.millis() + Duration.ofMinutes(6).toMillis());

		assertThatExceptionOfType(PusherWebhook.InvalidPusherWebhookException.class)
			.isThrownBy(() -> this.webhook.receive("key", signature(ahead), ahead))
			.satisfies((ex) -> assertThat(ex.isStale()).isTrue())
			.withMessageContaining("6m ahead");
		assertThat(this.occupancy.isOccupied("invoices")).isNull();
	}

	@Test
	void aWebhookWithinTheToleranceEitherWayIsAccepted() {
		byte[] late = occupied(this.clock.millis() - Duration.ofMinutes(5).toMillis());
		byte[] early = occupied(this.clock.millis() + Duration.ofMinutes(4).toMillis());

		assertThat(this.webhook.receive("key", signature(late), late)).isEqualTo(1);
		assertThat(this.webhook.receive("key", signature(early), early)).isEqualTo(1);
	}

	@Test
	void aSignedBodyWithoutTimeIsMalformed() {
		byte[] timeless = "{\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"invoices\"}]}"
			.getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(PusherWebhook.InvalidPusherWebhookException.class)
			.isThrownBy(() -> this.webhook.receive("key", signature(timeless), timeless))
			.satisfies((ex) -> assertThat(ex.isUnauthorized()).isFalse())
			.satisfies((ex) -> assertThat(ex.isStale()).isFalse())
			.withMessageContaining("time_ms");
		assertThat(this.occupancy.isOccupied("invoices")).isNull();
	}

	private byte[] occupied(long timeMs) {
		return ("{\"time_ms\":" + timeMs + ",\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"invoices\"}]}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private String signature(byte[] body) {
		return HexFormat.of().formatHex(this.webhook.sign(body));
	}

}
