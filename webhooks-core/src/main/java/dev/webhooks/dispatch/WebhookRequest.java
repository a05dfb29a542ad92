package dev.webhooks.dispatch;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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

	/** This request with more headers (trace propagation, say); the same request when there are none. */
	public WebhookRequest withHeaders(Map<String, String> extra) {
		if (extra.isEmpty()) {
			return this;
		}
		TreeMap<String, String> all = WebhookHeaders.builder();
		all.putAll(this.headers);
		extra.forEach((name, value) -> all.put(Objects.requireNonNull(name), Objects.requireNonNull(value)));
		return new WebhookRequest(this.method, this.url, WebhookHeaders.owning(all), this.body, this.contentType);
	}

}
