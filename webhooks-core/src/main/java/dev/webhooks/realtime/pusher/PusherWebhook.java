package dev.webhooks.realtime.pusher;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;

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
 * re-serialized JSON. A signed body stays valid forever, so its {@code time_ms} must also be within a tolerance of
 * this server's clock: a webhook captured once cannot be replayed later to mark channels occupied or vacated.
 */
public final class PusherWebhook {

	/** How far {@code time_ms} may be from this server's clock, either way, unless configured otherwise. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

	private final String key;

	private final byte[] secret;

	private final ChannelOccupancy occupancy;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final Duration tolerance;

	/**
	 * @param tolerance how far a webhook's {@code time_ms} may be from the clock, in the past or the future (clocks
	 * drift, and Pusher retries a failed webhook for a while)
	 */
	public PusherWebhook(String key, String secret, ChannelOccupancy occupancy, JsonMapper jsonMapper, Clock clock,
			Duration tolerance) {
		if (tolerance.isZero() || tolerance.isNegative()) {
			throw new IllegalArgumentException("the tolerance must be positive, but is " + tolerance);
		}
		this.key = key;
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.occupancy = occupancy;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
		this.tolerance = tolerance;
	}

	/**
	 * Verifies the request and records the occupancy events it carries.
	 * @return how many channel events were applied
	 * @throws InvalidPusherWebhookException when a header is missing or wrong (answer 401), the body is not a
	 * webhook (answer 400) or it was sent too long ago or ahead of this clock (answer 400, {@link
	 * InvalidPusherWebhookException#isStale() stale})
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
		if (!MessageDigest.isEqual(expected, signatureHeader.trim().toLowerCase(Locale.ROOT)
			.getBytes(StandardCharsets.US_ASCII))) {
			throw new InvalidPusherWebhookException(true,
					"The X-Pusher-Signature header does not match the body signed with the app secret");
		}
		JsonNode webhook;
		try {
			webhook = this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidPusherWebhookException(false, "The body is not JSON: " + ex.getOriginalMessage());
		}
		checkTime(webhook.path("time_ms"));
		JsonNode events = webhook.path("events");
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

	private void checkTime(JsonNode timeMs) {
		if (!timeMs.isIntegralNumber()) {
			throw new InvalidPusherWebhookException(false, "The body has no time_ms: Pusher sends the time of "
					+ "every webhook, in milliseconds since the epoch");
		}
		Instant sent = Instant.ofEpochMilli(timeMs.asLong());
		Duration age = Duration.between(sent, this.clock.instant());
		if (age.abs().compareTo(this.tolerance) > 0) {
			String when = age.isNegative() ? describe(age.negated()) + " ahead of this server's clock"
					: describe(age) + " ago";
			throw new InvalidPusherWebhookException(false, true, "The webhook was sent at " + sent + " (time_ms), "
					+ when + "; only webhooks within " + describe(this.tolerance) + " of this server's clock are "
					+ "accepted, so a captured one cannot be replayed");
		}
	}

	/** A duration as {@code 720h0m5s}: readable for both a few seconds and a month. */
	private static String describe(Duration duration) {
		return duration.truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase(Locale.ROOT);
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

		private final boolean stale;

		InvalidPusherWebhookException(boolean unauthorized, String message) {
			this(unauthorized, false, message);
		}

		InvalidPusherWebhookException(boolean unauthorized, boolean stale, String message) {
			super(message);
			this.unauthorized = unauthorized;
			this.stale = stale;
		}

		/** Whether the request failed authentication (401) rather than being malformed (400). */
		public boolean isUnauthorized() {
			return this.unauthorized;
		}

		/** Whether the webhook is signed correctly but its {@code time_ms} is outside the tolerance (400). */
		public boolean isStale() {
			return this.stale;
		}

	}

}
