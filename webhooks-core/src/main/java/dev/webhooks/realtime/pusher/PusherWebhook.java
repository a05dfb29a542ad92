package dev.webhooks.realtime.pusher;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks and applies Pusher's channel existence webhooks: {@code X-Pusher-Key} must be the app key and
 * {@code X-Pusher-Signature} the hex HMAC-SHA256 of the raw request body with the app secret. The body is never
 * parsed before the signature matches, and the signature is computed over the bytes as received, not over
 * re-serialized JSON.
 */
public final class PusherWebhook {

	private final String key;

	private final byte[] secret;

	private final ChannelOccupancy occupancy;

	private final JsonMapper jsonMapper;

	public PusherWebhook(String key, String secret, ChannelOccupancy occupancy, JsonMapper jsonMapper) {
		this.key = key;
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.occupancy = occupancy;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Verifies the request and records the occupancy events it carries.
	 * @return how many channel events were applied
	 * @throws InvalidPusherWebhookException when a header is missing or wrong (answer 401) or the body is not a
	 * webhook (answer 400)
	 */
	public int receive(@Nullable String keyHeader, @Nullable String signatureHeader, byte[] body) {
		if (keyHeader == null || keyHeader.isBlank()) {
			throw new InvalidPusherWebhookException(true, "The X-Pusher-Key header is missing");
		}
		if (signatureHeader == null || signatureHeader.isBlank()) {
			throw new InvalidPusherWebhookException(true, "The X-Pusher-Signature header is missing");
		}
		if (!MessageDigest.isEqual(this.key.getBytes(StandardCharsets.UTF_8),
				keyHeader.trim().getBytes(StandardCharsets.UTF_8))) {
			throw new InvalidPusherWebhookException(true, "The X-Pusher-Key header is not this application's key");
		}
		byte[] expected = HexFormat.of().formatHex(sign(body)).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected, signatureHeader.trim().toLowerCase(java.util.Locale.ROOT)
			.getBytes(StandardCharsets.US_ASCII))) {
			throw new InvalidPusherWebhookException(true,
					"The X-Pusher-Signature header does not match the body signed with the app secret");
		}
		JsonNode events;
		try {
			events = this.jsonMapper.readTree(body).path("events");
		}
		catch (JacksonException ex) {
			throw new InvalidPusherWebhookException(false, "The body is not JSON: " + ex.getOriginalMessage());
		}
		int applied = 0;
		for (JsonNode event : events) {
			String channel = event.path("channel").asString("");
			if (channel.isEmpty()) {
				continue;
			}
			switch (event.path("name").asString("")) {
				case "channel_occupied" -> {
					this.occupancy.occupied(channel);
					applied++;
				}
				case "channel_vacated" -> {
					this.occupancy.vacated(channel);
					applied++;
				}
				default -> {
					// member and client events are not about occupancy
				}
			}
		}
		return applied;
	}

	/** The HMAC-SHA256 of {@code body} with the app secret, which Pusher sends hex-encoded. */
	public byte[] sign(byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
		}
	}

	/** A webhook request that must be refused. */
	public static final class InvalidPusherWebhookException extends RuntimeException {

		private final boolean unauthorized;

		InvalidPusherWebhookException(boolean unauthorized, String message) {
			super(message);
			this.unauthorized = unauthorized;
		}

		/** Whether the request failed authentication (401) rather than being malformed (400). */
		public boolean isUnauthorized() {
			return this.unauthorized;
		}

	}

}
