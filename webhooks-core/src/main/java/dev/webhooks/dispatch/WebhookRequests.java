package dev.webhooks.dispatch;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.signing.StandardWebhookHeaders;
import dev.webhooks.signing.SigningKey;
import dev.webhooks.signing.WebhookSigner;

/**
 * Builds and signs the requests this application sends: the dispatcher's deliveries and the hook test sends alike,
 * so a test send and a real delivery of the same hook carry the same headers, user agent and signature.
 * <p>
 * Headers are merged by name in any case, each later source replacing an earlier one: {@code content-type:
 * application/json} and the user agent, the message's headers, the endpoint's headers, and last the protocol headers
 * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-source}, {@code webhook-signature}), so that
 * configured headers can never replace them.
 */
public final class WebhookRequests {

	private static final String DEFAULT_CONTENT_TYPE = "application/json";

	private final String userAgent;

	private final String sourceId;

	private final WebhookSigner signer;

	private final Clock clock;

	/**
	 * @param userAgent the default {@code user-agent}; a message's or endpoint's header may replace it
	 * @param sourceId the sending application's id, sent as {@code webhook-source}
	 * @param signer signs each request
	 * @param clock gives each request its {@code webhook-timestamp}
	 */
	public WebhookRequests(String userAgent, String sourceId, WebhookSigner signer, Clock clock) {
		this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
		this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
		this.signer = Objects.requireNonNull(signer, "signer");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** Requests with the settings' user agent and source id. */
	public static WebhookRequests of(DispatcherSettings settings, WebhookSigner signer, Clock clock) {
		Objects.requireNonNull(settings, "settings");
		return new WebhookRequests(settings.userAgent(), settings.sourceId(), signer, clock);
	}

	public String userAgent() {
		return this.userAgent;
	}

	public String sourceId() {
		return this.sourceId;
	}

	/** The request of a claimed delivery to the endpoint its target resolved to, signed with the endpoint's secrets. */
	public WebhookRequest create(Delivery delivery, Endpoint endpoint) {
		return create(delivery.httpMethod(), endpoint.url(), delivery.headers(), endpoint.headers(), delivery.payload(),
				delivery.id(), endpoint.secrets(), delivery.target());
	}

	/**
	 * A signed request, timestamped now.
	 * @param messageHeaders the headers captured with the message (a hook's, its content type among them)
	 * @param endpointHeaders the headers of the endpoint, replacing the message's of the same name
	 * @param messageId the {@code webhook-id}
	 * @param secrets the keys that sign; during a rotation every one of them does
	 */
	public WebhookRequest create(String method, String url, Map<String, String> messageHeaders,
			Map<String, String> endpointHeaders, String payload, String messageId, List<? extends SigningKey> secrets) {
		return create(method, url, messageHeaders, endpointHeaders, payload, messageId, secrets, null);
	}

	private WebhookRequest create(String method, String url, Map<String, String> messageHeaders,
			Map<String, String> endpointHeaders, String payload, String messageId, List<? extends SigningKey> secrets,
			@Nullable Target target) {
		byte[] body = payload.getBytes(StandardCharsets.UTF_8);
		long timestamp = this.clock.instant().getEpochSecond();
		TreeMap<String, String> headers = WebhookHeaders.builder();
		headers.put("content-type", DEFAULT_CONTENT_TYPE);
		headers.put("user-agent", this.userAgent);
		headers.putAll(messageHeaders);
		headers.putAll(endpointHeaders);
		headers.put(StandardWebhookHeaders.WEBHOOK_ID, messageId);
		headers.put(StandardWebhookHeaders.WEBHOOK_TIMESTAMP, Long.toString(timestamp));
		headers.put(StandardWebhookHeaders.WEBHOOK_SOURCE, this.sourceId);
		headers.put(StandardWebhookHeaders.WEBHOOK_SIGNATURE, this.signer.sign(messageId, timestamp, body, secrets));
		return new WebhookRequest(method, url, WebhookHeaders.owning(headers), body, headers.get("content-type"),
				target);
	}

}
