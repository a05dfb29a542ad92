package dev.webhooks.dispatch;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.Target;

/**
 * A signed request ready to go out; {@link WebhookRequests} builds them.
 *
 * @param method the HTTP method
 * @param url the absolute URL
 * @param headers every header, signature headers included; unmodifiable, and looked up by name in any case
 * @param body the body, UTF-8 JSON unless the content type says otherwise
 * @param contentType the body's media type
 * @param target the target it goes to, so that a transport can send with that target's own client (its TLS
 * bundle, say); {@code null} for a request to no target, such as a hook's test send
 */
public record WebhookRequest(String method, String url, Map<String, String> headers, byte[] body,
		String contentType, @Nullable Target target) {

	public WebhookRequest {
		// kept as they are when the factory built them, copied otherwise
		headers = WebhookHeaders.of(headers);
	}

	/** A request to no particular target. */
	public WebhookRequest(String method, String url, Map<String, String> headers, byte[] body, String contentType) {
		this(method, url, headers, body, contentType, null);
	}

	/**
	 * This request with more headers (trace propagation, say); the same request when there are none. The target is
	 * kept, so the request still goes out with its target's client.
	 */
	public WebhookRequest withHeaders(Map<String, String> extra) {
		if (extra.isEmpty()) {
			return this;
		}
		TreeMap<String, String> all = WebhookHeaders.builder();
		all.putAll(this.headers);
		extra.forEach((name, value) -> all.put(Objects.requireNonNull(name), Objects.requireNonNull(value)));
		return new WebhookRequest(this.method, this.url, WebhookHeaders.owning(all), this.body, this.contentType,
				this.target);
	}

}
