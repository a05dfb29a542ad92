package dev.webhooks.signing;

import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs outgoing messages as the Standard Webhooks specification describes. Thread-safe.
 *
 * @see SignatureVerifier
 */
public final class WebhookSigner {

	/**
	 * Signs a message with every key, so that receivers holding either the old or the new secret accept it during
	 * a rotation, and receivers checking either {@code v1} or {@code v1a} find their signature.
	 * @param msgId the message id, sent as {@code webhook-id}
	 * @param timestampSeconds the attempt time, sent as {@code webhook-timestamp}
	 * @param body the exact bytes sent as the request body
	 * @param secrets at least one key: {@link WebhookSecret}s sign {@code v1}, {@link Ed25519SigningKey}s {@code v1a}
	 * @return the {@code webhook-signature} header value: {@code v1,<base64>} or {@code v1a,<base64>} per key,
	 * space-separated, in the order of the keys
	 */
	public String sign(String msgId, long timestampSeconds, byte[] body, List<? extends SigningKey> secrets) {
		Objects.requireNonNull(msgId, "msgId");
		Objects.requireNonNull(body, "body");
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("at least one secret is needed to sign a message");
		}
		String timestamp = Long.toString(timestampSeconds);
		Base64.Encoder base64 = Base64.getEncoder();
		StringBuilder header = new StringBuilder(secrets.size() * 48);
		for (SigningKey key : secrets) {
			if (header.length() > 0) {
				header.append(' ');
			}
			header.append(key.version()).append(',').append(base64.encodeToString(signature(key, msgId, timestamp, body)));
		}
		return header.toString();
	}

	private static byte[] signature(SigningKey key, String msgId, String timestamp, byte[] body) {
		if (key instanceof WebhookSecret secret) {
			return HmacSha256Signature.compute(secret, msgId, timestamp, body);
		}
		return ((Ed25519SigningKey) key).sign(msgId, timestamp, body);
	}

}
