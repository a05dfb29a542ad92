package dev.webhooks.dispatch;

import java.util.List;
import java.util.Map;

import dev.webhooks.signing.SigningKey;

/**
 * Where and how a delivery is sent, resolved when it is sent so a corrected URL or a rotated secret applies to
 * queued deliveries too.
 *
 * @param url the absolute URL
 * @param secrets the keys to sign with (secrets for {@code v1}, ed25519 keys for {@code v1a}); during a rotation
 * every one of them signs
 * @param headers extra headers to send
 */
public record Endpoint(String url, List<SigningKey> secrets, Map<String, String> headers) {

	public Endpoint {
		secrets = List.copyOf(secrets);
		headers = Map.copyOf(headers);
	}

}
