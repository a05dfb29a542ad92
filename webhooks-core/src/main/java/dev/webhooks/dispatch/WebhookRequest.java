package dev.webhooks.dispatch;

import java.util.Map;

/**
 * A signed request ready to go out; {@link WebhookRequests} builds them.
 *
 * @param method the HTTP method
 * @param url the absolute URL
 * @param headers every header, signature headers included; unmodifiable, and looked up by name in any case
 * @param body the body, UTF-8 JSON unless the content type says otherwise
 * @param contentType the body's media type
 */
public record WebhookRequest(String method, String url, Map<String, String> headers, byte[] body,
		String contentType) {

	public WebhookRequest {
		// kept as they are when the factory built them, copied otherwise
		headers = WebhookHeaders.of(headers);
	}

}
