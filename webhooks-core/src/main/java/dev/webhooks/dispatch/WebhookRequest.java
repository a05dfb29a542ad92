package dev.webhooks.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.webhooks.signing.StandardWebhookHeaders;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;

/**
 * A signed request ready to go out.
 *
 * @param method the HTTP method
 * @param url the absolute URL
 * @param headers every header, signature headers included
 * @param body the body, UTF-8 JSON unless the content type says otherwise
 * @param contentType the body's media type
 */
public record WebhookRequest(String method, String url, Map<String, String> headers, byte[] body,
		String contentType) {

	public WebhookRequest {
		headers = Map.copyOf(headers);
	}

	/**
	 * Signs a message for sending: the given headers (a {@code content-type} among them, else JSON), then the
	 * protocol headers, last so configured headers can never replace them.
	 * @param messageId the {@code webhook-id}
	 * @param timestamp the {@code webhook-timestamp}, in epoch seconds
	 * @param sourceId the sender's id, sent as {@code webhook-source}
	 * @param secrets the secrets that sign; during a rotation every one of them does
	 */
	public static WebhookRequest signed(String method, String url, Map<String, String> headers, String payload,
			String messageId, long timestamp, String sourceId, WebhookSigner signer, List<WebhookSecret> secrets) {
		byte[] body = payload.getBytes(StandardCharsets.UTF_8);
		Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		all.put("content-type", "application/json");
		all.putAll(headers);
		all.put(StandardWebhookHeaders.WEBHOOK_ID, messageId);
		all.put(StandardWebhookHeaders.WEBHOOK_TIMESTAMP, Long.toString(timestamp));
		all.put(StandardWebhookHeaders.WEBHOOK_SOURCE, sourceId);
		all.put(StandardWebhookHeaders.WEBHOOK_SIGNATURE, signer.sign(messageId, timestamp, body, secrets));
		return new WebhookRequest(method, url, all, body, all.get("content-type"));
	}

}
