package dev.webhooks.signing;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.webhooks.signing.SignatureVerificationException.Reason;

/**
 * Checks an incoming message's Standard Webhooks headers: all present, a fresh timestamp, and at least one
 * {@code v1} signature made with one of the secrets. Unknown signature versions (such as {@code v1a}) are ignored.
 * Thread-safe.
 */
public final class SignatureVerifier {

	/** The tolerance the specification suggests against replays. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

	private final Duration tolerance;

	private final Clock clock;

	/** A verifier with the default tolerance of five minutes and the system clock. */
	public SignatureVerifier() {
		this(DEFAULT_TOLERANCE, Clock.systemUTC());
	}

	/**
	 * @param tolerance how far the timestamp may be from now, in either direction
	 * @param clock the clock giving now
	 */
	public SignatureVerifier(Duration tolerance, Clock clock) {
		Objects.requireNonNull(tolerance, "tolerance");
		Objects.requireNonNull(clock, "clock");
		if (tolerance.isNegative()) {
			throw new IllegalArgumentException("tolerance must not be negative, but is " + tolerance);
		}
		this.tolerance = tolerance;
		this.clock = clock;
	}

	/**
	 * Verifies a message; returns normally when it is authentic.
	 * @param msgId the {@code webhook-id} header
	 * @param timestamp the {@code webhook-timestamp} header
	 * @param signatureHeader the {@code webhook-signature} header
	 * @param body the exact request body bytes, as received
	 * @param secrets the secrets the sender may use; any one of them may have signed
	 * @throws SignatureVerificationException saying what failed
	 */
	public void verify(@Nullable String msgId, @Nullable String timestamp, @Nullable String signatureHeader,
			byte[] body, List<WebhookSecret> secrets) {
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("at least one secret is needed to verify a message");
		}
		checkHeadersPresent(msgId, timestamp, signatureHeader);
		String trimmedTimestamp = timestamp.strip();
		checkTimestamp(trimmedTimestamp);
		List<byte[]> candidates = v1Signatures(signatureHeader);
		for (WebhookSecret secret : secrets) {
			byte[] expected = HmacSha256Signature.compute(secret, msgId, trimmedTimestamp, body);
			for (byte[] candidate : candidates) {
				if (MessageDigest.isEqual(expected, candidate)) {
					return;
				}
			}
		}
		throw new SignatureVerificationException(Reason.NO_MATCHING_SIGNATURE, (candidates.isEmpty())
				? "webhook-signature has no v1 signature"
				: "no v1 signature in webhook-signature matches the configured secrets (wrong secret, or the body was changed)");
	}

	private static void checkHeadersPresent(@Nullable String msgId, @Nullable String timestamp,
			@Nullable String signatureHeader) {
		List<String> missing = new ArrayList<>(3);
		if (isBlank(msgId)) {
			missing.add(StandardWebhookHeaders.WEBHOOK_ID);
		}
		if (isBlank(timestamp)) {
			missing.add(StandardWebhookHeaders.WEBHOOK_TIMESTAMP);
		}
		if (isBlank(signatureHeader)) {
			missing.add(StandardWebhookHeaders.WEBHOOK_SIGNATURE);
		}
		if (!missing.isEmpty()) {
			throw new SignatureVerificationException(Reason.MISSING_HEADERS,
					"missing or empty header(s): " + String.join(", ", missing));
		}
	}

	private void checkTimestamp(String timestamp) {
		long seconds;
		try {
			seconds = Long.parseLong(timestamp);
		}
		catch (NumberFormatException ex) {
			throw new SignatureVerificationException(Reason.INVALID_TIMESTAMP,
					"webhook-timestamp must be whole seconds since the epoch, but is '" + abbreviate(timestamp) + "'");
		}
		long now = this.clock.instant().getEpochSecond();
		long toleranceSeconds = this.tolerance.getSeconds();
		if (seconds < now - toleranceSeconds) {
			throw new SignatureVerificationException(Reason.STALE_TIMESTAMP, "webhook-timestamp is "
					+ (now - seconds) + "s old, more than the tolerance of " + toleranceSeconds + "s");
		}
		if (seconds > now + toleranceSeconds) {
			throw new SignatureVerificationException(Reason.STALE_TIMESTAMP, "webhook-timestamp is "
					+ (seconds - now) + "s in the future, more than the tolerance of " + toleranceSeconds + "s");
		}
	}

	private static List<byte[]> v1Signatures(String header) {
		List<byte[]> signatures = new ArrayList<>(2);
		Base64.Decoder base64 = Base64.getDecoder();
		for (String part : header.strip().split("\\s+")) {
			int comma = part.indexOf(',');
			if (comma < 0 || !HmacSha256Signature.VERSION.equals(part.substring(0, comma))) {
				continue;
			}
			try {
				signatures.add(base64.decode(part.substring(comma + 1)));
			}
			catch (IllegalArgumentException ex) {
				// a malformed signature cannot match; others in the header still may
			}
		}
		return signatures;
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static String abbreviate(String value) {
		return (value.length() <= 32) ? value : value.substring(0, 32) + "…";
	}

}
