package dev.webhooks.dispatch;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class WebhookRequestsTests {

	private static final WebhookSecret SECRET = WebhookSecret.parse(WebhookSecret.generate());

	private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

	private final WebhookRequests requests = new WebhookRequests("webhooks/0.1", "shop", new WebhookSigner(),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void aDeliveryGoesToItsEndpointWithDefaultsProtocolHeadersAndASignature() {
		Delivery delivery = delivery(Map.of("X-Delivery", "d1"));
		Endpoint endpoint = new Endpoint("https://crm.example.com/in", List.of(SECRET), Map.of("X-Endpoint", "e1"));

		WebhookRequest request = this.requests.create(delivery, endpoint);

		assertThat(request.method()).isEqualTo("PUT");
		assertThat(request.url()).isEqualTo("https://crm.example.com/in");
		assertThat(request.contentType()).isEqualTo("application/json");
		assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
		assertThat(request.headers()).containsEntry("user-agent", "webhooks/0.1")
			.containsEntry("content-type", "application/json")
			.containsEntry("X-Delivery", "d1")
			.containsEntry("X-Endpoint", "e1")
			.containsEntry("webhook-id", "msg_1")
			.containsEntry("webhook-timestamp", Long.toString(NOW.getEpochSecond()))
			.containsEntry("webhook-source", "shop")
			.containsKey("webhook-signature");
		assertThatNoException().isThrownBy(() -> new SignatureVerifier(SignatureVerifier.DEFAULT_TOLERANCE,
				Clock.fixed(NOW, ZoneOffset.UTC))
			.verify(request.headers().get("webhook-id"), request.headers().get("webhook-timestamp"),
					request.headers().get("webhook-signature"), request.body(), List.of(SECRET)));
	}

	@Test
	void headersMergeIgnoringCaseWithTheEndpointsWinning() {
		Map<String, String> message = new LinkedHashMap<>();
		message.put("X-Trace", "from-message");
		message.put("Content-Type", "application/xml");
		Endpoint endpoint = new Endpoint("https://crm.example.com/in", List.of(SECRET),
				Map.of("x-trace", "from-endpoint"));

		WebhookRequest request = this.requests.create(delivery(message), endpoint);

		assertThat(request.headers()).hasSize(7);
		assertThat(request.headers().get("X-TRACE")).isEqualTo("from-endpoint");
		assertThat(request.headers().get("content-type")).isEqualTo("application/xml");
		assertThat(request.contentType()).isEqualTo("application/xml");
	}

	@Test
	void theUserAgentCanBeReplacedButTheProtocolHeadersCannot() {
		Map<String, String> message = Map.of("User-Agent", "crm-sync/2", "Webhook-Id", "forged",
				"WEBHOOK-SIGNATURE", "v1,forged");

		WebhookRequest request = this.requests.create(delivery(message),
				new Endpoint("https://crm.example.com/in", List.of(SECRET), Map.of("webhook-source", "forged")));

		assertThat(request.headers().get("user-agent")).isEqualTo("crm-sync/2");
		assertThat(request.headers().get("webhook-id")).isEqualTo("msg_1");
		assertThat(request.headers().get("webhook-source")).isEqualTo("shop");
		assertThat(request.headers().get("webhook-signature")).isNotEqualTo("v1,forged");
	}

	@Test
	void aTestSendOfAHookGetsTheHeadersOfItsDelivery() {
		Map<String, String> hookHeaders = Map.of("Content-Type", "application/json", "X-Env", "test");
		Endpoint hookEndpoint = new Endpoint("https://crm.example.com/in", List.of(SECRET), Map.of());

		WebhookRequest delivered = this.requests.create(delivery(hookHeaders), hookEndpoint);
		WebhookRequest tested = this.requests.create("PUT", "https://crm.example.com/in", hookHeaders, Map.of(),
				"{\"id\":1}", "msg_1", List.of(SECRET));

		assertThat(tested.headers()).isEqualTo(delivered.headers());
		assertThat(tested.body()).isEqualTo(delivered.body());
	}

	@Test
	void aRequestsHeadersAreLookedUpInAnyCaseAndCannotBeChanged() {
		WebhookRequest request = new WebhookRequest("POST", "https://crm.example.com/in",
				Map.of("X-Custom", "yes"), new byte[0], "application/json");

		assertThat(request.headers().get("x-custom")).isEqualTo("yes");
		assertThat(request.headers().containsKey("X-CUSTOM")).isTrue();
		assertThat(request.headers().get(42)).isNull();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> request.headers().put("x-other", "no"));
	}

	@Test
	void aRequestBuiltByTheFactoryKeepsItsHeadersWithoutCopying() {
		WebhookRequest request = this.requests.create(delivery(Map.of()),
				new Endpoint("https://crm.example.com/in", List.of(SECRET), Map.of()));

		WebhookRequest copy = new WebhookRequest(request.method(), request.url(), request.headers(), request.body(),
				request.contentType());

		assertThat(copy.headers()).isSameAs(request.headers());
	}

	private static Delivery delivery(Map<String, String> headers) {
		return new Delivery("msg_1", Target.server("crm"), "https://ignored.example.com", "PUT", headers, "customer.created",
				null, null, "{\"id\":1}", DeliveryStatus.IN_FLIGHT, 1, NOW, "me", NOW.plusSeconds(120), null, null,
				NOW, NOW, null);
	}

	@Test
	void aRequestGivenMoreHeadersStillGoesToItsTarget() {
		WebhookRequest request = new WebhookRequest("POST", "https://billing.example.com/hooks", Map.of(),
				new byte[0], "application/json", dev.webhooks.delivery.Target.server("billing"));

		WebhookRequest traced = request.withHeaders(Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

		assertThat(traced.target()).isEqualTo(dev.webhooks.delivery.Target.server("billing"));
		assertThat(traced.headers()).containsKey("traceparent");
	}

}
