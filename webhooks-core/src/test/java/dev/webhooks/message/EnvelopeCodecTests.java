package dev.webhooks.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EnvelopeCodecTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final EnvelopeCodec codec = new EnvelopeCodec(this.jsonMapper);

	private final Instant now = Instant.parse("2026-11-21T10:15:30.123Z");

	@Test
	void writesAPeerEnvelopeWithItsFieldsInOrderAndWithoutHookOrArguments() {
		ObjectNode data = this.jsonMapper.createObjectNode().put("id", 42).put("name", "new");
		String json = this.codec.write(WebhookEnvelope.of("tags.created", this.now, "shop", "tags", "created", "Tag",
				this.jsonMapper.valueToTree(42), data));

		assertThat(json).isEqualTo("{\"type\":\"tags.created\",\"timestamp\":\"2026-11-21T10:15:30.123Z\","
				+ "\"source\":\"shop\",\"topic\":\"tags\",\"event\":\"created\",\"entityType\":\"Tag\",\"entityId\":42,"
				+ "\"data\":{\"id\":42,\"name\":\"new\"}}");
	}

	@Test
	void readsBackWhatItWroteHookAndArgumentsIncluded() {
		ObjectNode id = this.jsonMapper.createObjectNode().put("order", 7).put("line", 2);
		ObjectNode arguments = this.jsonMapper.createObjectNode().put("reason", "card");
		WebhookEnvelope written = new WebhookEnvelope("invoice.paid", this.now, "shop", "billing", "invoice.paid",
				"Invoice", id, this.jsonMapper.createObjectNode().put("total", 120), "erp", arguments);

		WebhookEnvelope read = this.codec.read(this.codec.write(written).getBytes(StandardCharsets.UTF_8));

		assertThat(read).isEqualTo(written);
	}

	@Test
	void readsAMinimalStandardWebhooksBodyWithTheTypeAsTopicAndEvent() {
		WebhookEnvelope read = read("{\"type\":\"invoice.paid\",\"timestamp\":\"2026-11-21T10:15:30Z\"}");

		assertThat(read.topic()).isEqualTo("invoice.paid");
		assertThat(read.event()).isEqualTo("invoice.paid");
		assertThat(read.source()).isNull();
		assertThat(read.entityType()).isNull();
		assertThat(read.entityId()).isNull();
		assertThat(read.data().isNull()).isTrue();
		assertThat(read.hook()).isNull();
		assertThat(read.arguments().isEmpty()).isTrue();
	}

	@Test
	void leavesOutEmptyArgumentsAndANullEntityId() {
		JsonNode written = this.jsonMapper.readTree(this.codec.write(new WebhookEnvelope("x", this.now, "shop", "x",
				"x", null, this.jsonMapper.nullNode(), this.jsonMapper.nullNode(), null,
				this.jsonMapper.createObjectNode())));

		assertThat(written.has("entityId")).isFalse();
		assertThat(written.has("arguments")).isFalse();
		assertThat(written.has("hook")).isFalse();
		assertThat(written.get("data").isNull()).isTrue();
	}

	@Test
	void refusesBodiesThatAreNotEnvelopesNamingWhatIsWrong() {
		assertThatExceptionOfType(EnvelopeCodec.InvalidEnvelopeException.class).isThrownBy(() -> read("not json"))
			.withMessageStartingWith("The body is not JSON");
		assertThatExceptionOfType(EnvelopeCodec.InvalidEnvelopeException.class).isThrownBy(() -> read("[1]"))
			.withMessage("The body is not a JSON object");
		assertThatExceptionOfType(EnvelopeCodec.InvalidEnvelopeException.class)
			.isThrownBy(() -> read("{\"type\":\" \",\"timestamp\":\"2026-11-21T10:15:30Z\"}"))
			.withMessage("The message has no 'type' text field");
		assertThatExceptionOfType(EnvelopeCodec.InvalidEnvelopeException.class)
			.isThrownBy(() -> read("{\"type\":\"x\",\"timestamp\":\"yesterday\"}"))
			.withMessage("'timestamp' is not an ISO-8601 instant");
		assertThatExceptionOfType(EnvelopeCodec.InvalidEnvelopeException.class)
			.isThrownBy(() -> read("{\"type\":\"x\",\"timestamp\":\"2026-11-21T10:15:30Z\",\"topic\":3}"))
			.withMessage("The message has no 'topic' text field");
	}

	private WebhookEnvelope read(String body) {
		return this.codec.read(body.getBytes(StandardCharsets.UTF_8));
	}

}
