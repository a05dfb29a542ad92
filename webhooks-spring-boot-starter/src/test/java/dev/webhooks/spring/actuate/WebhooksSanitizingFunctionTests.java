package dev.webhooks.spring.actuate;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;

import static org.assertj.core.api.Assertions.assertThat;

class WebhooksSanitizingFunctionTests {

	private final WebhooksSanitizingFunction function = new WebhooksSanitizingFunction();

	@Test
	void masksSecretsInEveryFormSpringBindsThem() {
		for (String key : List.of("webhooks.servers.billing.secret", "webhooks.servers.billing.previous-secrets[0]",
				"webhooks.servers.billing.previousSecrets", "webhooks.servers.billing.previous-secrets",
				"webhooks.realtime.pusher.secret", "WEBHOOKS_SERVERS_BILLING_SECRET",
				"webhooks.receiver.sources.stripe-like.secret", "webhooks.receiver.sources.stripe-like.previous-secrets[0]",
				"WEBHOOKS_RECEIVER_SOURCES_STRIPELIKE_SECRET",
				"WEBHOOKS_SERVERS_BILLING_PREVIOUSSECRETS_0_", "WEBHOOKS_SERVERS_BILLING_PREVIOUS_SECRETS_1",
				"webhooks.some.future.password", "webhooks.some.future.access-token",
				"webhooks.some.future.credentials")) {
			assertThat(sanitize(key, "whsec_value")).as(key).isEqualTo(SanitizableData.SANITIZED_VALUE);
		}
	}

	@Test
	void showsWhatIsNotSecret() {
		assertThat(sanitize("webhooks.realtime.pusher.key", "public-key")).isEqualTo("public-key");
		assertThat(sanitize("webhooks.servers.secret-store.url", "https://store.example.com/"))
			.isEqualTo("https://store.example.com/");
		assertThat(sanitize("webhooks.idempotency.redis-key-prefix", "webhooks:idempotency:"))
			.isEqualTo("webhooks:idempotency:");
		assertThat(sanitize("webhooks.app-id", "shop")).isEqualTo("shop");
	}

	@Test
	void leavesOtherPropertiesToTheApplication() {
		assertThat(sanitize("spring.datasource.password", "pw")).isEqualTo("pw");
		assertThat(sanitize("my.webhooks.secret", "pw")).isEqualTo("pw");
	}

	@Test
	void masksThePasswordOfAUrlAndKeepsTheRest() {
		assertThat(sanitize("webhooks.servers.billing.url", "https://shop:p%40ss:word@billing.example.com/in?a=b"))
			.isEqualTo("https://shop:******@billing.example.com/in?a=b");
		assertThat(sanitize("WEBHOOKS_SERVERS_BILLING_URL", "http://shop:pw@billing.example.com"))
			.isEqualTo("http://shop:******@billing.example.com");
		assertThat(sanitize("webhooks.servers.billing.url", "https://shop@billing.example.com/in"))
			.isEqualTo("https://shop@billing.example.com/in");
		assertThat(sanitize("webhooks.servers.billing.url", "https://billing.example.com/in?user=a:b@c"))
			.isEqualTo("https://billing.example.com/in?user=a:b@c");
	}

	private @Nullable Object sanitize(String key, Object value) {
		return this.function.apply(new SanitizableData(null, key, value)).getValue();
	}

}
