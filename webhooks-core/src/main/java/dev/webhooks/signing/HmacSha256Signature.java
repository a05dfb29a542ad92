package dev.webhooks.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The symmetric ({@code v1}) Standard Webhooks signature: HMAC-SHA256 over {@code {id}.{timestamp}.{body}}.
 */
final class HmacSha256Signature {

	static final String VERSION = "v1";

	private static final String ALGORITHM = "HmacSHA256";

	private static final byte[] DOT = { '.' };

	// Mac.getInstance looks up providers each time; one instance per thread keeps signing cheap under load.
	private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
		try {
			return Mac.getInstance(ALGORITHM);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
		}
	});

	private HmacSha256Signature() {
	}

	static byte[] compute(WebhookSecret secret, String msgId, String timestamp, byte[] body) {
		Mac mac = MAC.get();
		try {
			mac.init(new SecretKeySpec(secret.key(), ALGORITHM));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot initialize HmacSHA256", ex);
		}
		mac.update(msgId.getBytes(StandardCharsets.UTF_8));
		mac.update(DOT);
		mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
		mac.update(DOT);
		mac.update(body);
		return mac.doFinal();
	}

}
