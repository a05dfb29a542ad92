package dev.webhooks.peers.modulith;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.webhooks.signing.StandardWebhookHeaders;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;

/**
 * Posts each {@link OrderPlaced} to the receiver as a Standard Webhooks request, signed like the library's. A
 * non-2xx answer throws, which leaves the publication incomplete for Modulith to resubmit.
 */
@Component
class OrderWebhookListener {

	private static final MediaType JSON = MediaType.get("application/json");

	private final OkHttpClient client;

	private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

	private final WebhookSigner signer = new WebhookSigner();

	private final String url;

	private final List<WebhookSecret> secrets;

	OrderWebhookListener(OkHttpClient peerClient, @Value("${peer.receiver-url}") String url,
			@Value("${peer.secret}") String secret) {
		this.client = peerClient;
		this.url = url;
		this.secrets = List.of(WebhookSecret.parse(secret));
	}

	@ApplicationModuleListener
	void on(OrderPlaced order) throws IOException {
		String id = "msg_" + UUID.randomUUID();
		long timestamp = Instant.now().getEpochSecond();
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("id", id);
		envelope.put("type", "orders.created");
		envelope.put("timestamp", Instant.now().toString());
		envelope.put("data", order);
		byte[] body = this.json.writeValueAsBytes(envelope);
		Request request = new Request.Builder().url(this.url)
			.post(RequestBody.create(body, JSON))
			.header(StandardWebhookHeaders.WEBHOOK_ID, id)
			.header(StandardWebhookHeaders.WEBHOOK_TIMESTAMP, Long.toString(timestamp))
			.header(StandardWebhookHeaders.WEBHOOK_SOURCE, "peer")
			.header(StandardWebhookHeaders.WEBHOOK_SIGNATURE, this.signer.sign(id, timestamp, body, this.secrets))
			.build();
		try (Response response = this.client.newCall(request).execute()) {
			if (!response.isSuccessful()) {
				throw new IOException("receiver answered " + response.code());
			}
		}
	}

}
