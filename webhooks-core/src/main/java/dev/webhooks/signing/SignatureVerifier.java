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
 * Checks an incoming message's Standard Webhooks headers: all present, a fresh timestamp, and at least one signature
 * made with one of the keys: a {@code v1} signature checked with a {@link WebhookSecret}, or a {@code v1a} one
 * checked with an {@link Ed25519PublicKey}. Signatures of other versions are ignored. Thread-safe.
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
	 * @param secrets the keys the sender may use; any one of them may have signed: {@link WebhookSecret}s check
	 * {@code v1} signatures, {@link Ed25519PublicKey}s {@code v1a} ones
	 * @throws SignatureVerificationException saying what failed
	 */
	public void verify(@Nullable String msgId, @Nullable String timestamp, @Nullable String signatureHeader,
			byte[] body, List<? extends VerificationKey> secrets) {
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("at least one secret or public key is needed to verify a message");
		}
		checkHeadersPresent(msgId, timestamp, signatureHeader);
		String trimmedTimestamp = timestamp.strip();
		checkTimestamp(trimmedTimestamp);
		List<byte[]> v1 = signatures(signatureHeader, HmacSha256Signature.VERSION);
		List<byte[]> v1a = signatures(signatureHeader, Ed25519Signature.VERSION);
		for (VerificationKey key : secrets) {
			if (key instanceof WebhookSecret secret) {
				if (matchesHmac(secret, msgId, trimmedTimestamp, body, v1)) {
					return;
				}
			}
			else if (matchesEd25519((Ed25519PublicKey) key, msgId, trimmedTimestamp, body, v1a)) {
				return;
			}
		}
		throw new SignatureVerificationException(Reason.NO_MATCHING_SIGNATURE, noMatch(secrets, v1, v1a));
	}

	private static boolean matchesHmac(WebhookSecret secret, String msgId, String timestamp, byte[] body,
			List<byte[]> candidates) {
		if (candidates.isEmpty()) {
			return false;
		}
		byte[] expected = HmacSha256Signature.compute(secret, msgId, timestamp, body);
		for (byte[] candidate : candidates) {
			if (MessageDigest.isEqual(expected, candidate)) {
				return true;
			}
		}
		return false;
	}

	private static boolean matchesEd25519(Ed25519PublicKey key, String msgId, String timestamp, byte[] body,
			List<byte[]> candidates) {
		for (byte[] candidate : candidates) {
			if (key.verifies(msgId, timestamp, body, candidate)) {
				return true;
			}
		}
		return false;
	}

	// names the versions the keys could check, so a sender signing only v1a to a receiver holding only a secret
	// is told apart from a wrong key
	private static String noMatch(List<? extends VerificationKey> keys, List<byte[]> v1, List<byte[]> v1a) {
		boolean secrets = keys.stream().anyMatch((key) -> key instanceof WebhookSecret);
		boolean publicKeys = keys.stream().anyMatch((key) -> key instanceof Ed25519PublicKey);
		String versions = (secrets && publicKeys) ? "v1 or v1a" : (secrets ? "v1" : "v1a");
		boolean any = (secrets && !v1.isEmpty()) || (publicKeys && !v1a.isEmpty());
		if (!any) {
			return "webhook-signature has no " + versions + " signature";
		}
		return "no " + versions + " signature in webhook-signature matches the configured "
				+ ((secrets && publicKeys) ? "secrets and public keys" : (secrets ? "secrets" : "public keys"))
				+ " (wrong " + ((secrets && !publicKeys) ? "secret" : "key") + ", or the body was changed)";
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

	private static List<byte[]> signatures(String header, String version) {
		List<byte[]> signatures = new ArrayList<>(2);
		Base64.Decoder base64 = Base64.getDecoder();
		for (String part : header.strip().split("\\s+")) {
			int comma = part.indexOf(',');
			if (comma < 0 || !version.equals(part.substring(0, comma))) {
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
