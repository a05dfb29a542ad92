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
	 * Signs a message with every secret, so that receivers holding either the old or the new secret accept it
	 * during a rotation.
	 * @param msgId the message id, sent as {@code webhook-id}
	 * @param timestampSeconds the attempt time, sent as {@code webhook-timestamp}
	 * @param body the exact bytes sent as the request body
	 * @param secrets at least one secret
	 * @return the {@code webhook-signature} header value: {@code v1,<base64>} per secret, space-separated
	 */
	public String sign(String msgId, long timestampSeconds, byte[] body, List<WebhookSecret> secrets) {
		Objects.requireNonNull(msgId, "msgId");
		Objects.requireNonNull(body, "body");
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("at least one secret is needed to sign a message");
		}
		String timestamp = Long.toString(timestampSeconds);
		Base64.Encoder base64 = Base64.getEncoder();
		StringBuilder header = new StringBuilder(secrets.size() * 48);
		for (WebhookSecret secret : secrets) {
			if (header.length() > 0) {
				header.append(' ');
			}
			header.append(HmacSha256Signature.VERSION)
				.append(',')
				.append(base64.encodeToString(HmacSha256Signature.compute(secret, msgId, timestamp, body)));
		}
		return header.toString();
	}

}
