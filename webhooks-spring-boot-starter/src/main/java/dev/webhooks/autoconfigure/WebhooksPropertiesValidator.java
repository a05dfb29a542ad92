package dev.webhooks.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.webhooks.publish.PeerServers;
import dev.webhooks.signing.WebhookSecret;

/**
 * Checks {@link WebhooksProperties} at start-up and turns the servers into {@link PeerServers}. Each problem is
 * reported with the property that causes it.
 */
final class WebhooksPropertiesValidator {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	private WebhooksPropertiesValidator() {
	}

	static PeerServers peerServers(WebhooksProperties properties) {
		String appId = properties.getAppId();
		if (appId == null || appId.isBlank()) {
			if (!properties.getServers().isEmpty()) {
				throw new InvalidWebhooksPropertyException("webhooks.app-id", "must be set when webhooks.servers are "
						+ "configured: it is sent as the webhook-source header and must be this application's key in "
						+ "its peers' webhooks.servers");
			}
			appId = "app";
		}
		else if (!ID.matcher(appId).matches()) {
			throw new InvalidWebhooksPropertyException("webhooks.app-id", "'" + appId + "' must be 1 to 100 letters, "
					+ "digits, '.', '_' or '-', starting with a letter or digit");
		}
		List<PeerServers.Peer> peers = new ArrayList<>();
		for (Map.Entry<String, WebhooksProperties.Server> entry : properties.getServers().entrySet()) {
			peers.add(peer(entry.getKey(), entry.getValue()));
		}
		return new PeerServers(appId, peers);
	}

	private static PeerServers.Peer peer(String id, WebhooksProperties.Server server) {
		String prefix = "webhooks.servers." + id;
		if (!ID.matcher(id).matches()) {
			throw new InvalidWebhooksPropertyException(prefix,
					"the server id must be 1 to 100 letters, digits, '.', '_' or '-'");
		}
		if (server.getSecret() == null || server.getSecret().isBlank()) {
			throw new InvalidWebhooksPropertyException(prefix + ".secret", "is required: a secret shared with server '"
					+ id + "', 'whsec_' followed by base64 of 24 to 64 random bytes "
					+ "(e.g. echo whsec_$(openssl rand -base64 32))");
		}
		List<WebhookSecret> secrets = new ArrayList<>();
		secrets.add(secret(prefix + ".secret", server.getSecret()));
		for (int i = 0; i < server.getPreviousSecrets().size(); i++) {
			secrets.add(secret(prefix + ".previous-secrets[" + i + "]", server.getPreviousSecrets().get(i)));
		}
		String url = server.getUrl();
		if (url != null && !url.isBlank()) {
			checkUrl(prefix + ".url", url);
		}
		else {
			url = null;
		}
		return new PeerServers.Peer(id, url, secrets);
	}

	private static WebhookSecret secret(String property, String value) {
		try {
			return WebhookSecret.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWebhooksPropertyException(property, ex.getMessage());
		}
	}

	static void checkUrl(String property, String url) {
		try {
			URI uri = new URI(url);
			String scheme = uri.getScheme();
			if (!uri.isAbsolute() || uri.getHost() == null
					|| !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
				throw new InvalidWebhooksPropertyException(property,
						"'" + url + "' is not an absolute http or https URL");
			}
		}
		catch (URISyntaxException ex) {
			throw new InvalidWebhooksPropertyException(property, "'" + url + "' is not a URL: " + ex.getReason());
		}
	}

	static void checkSettings(WebhooksProperties properties) {
		WebhooksProperties.Dispatch dispatch = properties.getDispatch();
		positive("webhooks.dispatch.batch-size", dispatch.getBatchSize());
		positive("webhooks.dispatch.max-concurrency", dispatch.getMaxConcurrency());
		positive("webhooks.dispatch.poll-interval", dispatch.getPollInterval().toMillis());
		WebhooksProperties.Http http = properties.getHttp();
		if (http.getConnectRetries() < 0) {
			throw new InvalidWebhooksPropertyException("webhooks.http.connect-retries", "must not be negative");
		}
		java.time.Duration longestCall = http.getCallTimeout().multipliedBy(1 + http.getConnectRetries());
		if (dispatch.getLeaseDuration().compareTo(longestCall) <= 0) {
			throw new InvalidWebhooksPropertyException("webhooks.dispatch.lease-duration",
					dispatch.getLeaseDuration() + " must be longer than the longest HTTP call, "
							+ "webhooks.http.call-timeout (" + http.getCallTimeout()
							+ ") times 1 + webhooks.http.connect-retries (" + http.getConnectRetries() + ") = "
							+ longestCall + ", or another instance could send a delivery that is still in flight");
		}
		WebhooksProperties.Retry retry = properties.getRetry();
		positive("webhooks.retry.max-attempts", retry.getMaxAttempts());
		if (retry.getMultiplier() < 1.0) {
			throw new InvalidWebhooksPropertyException("webhooks.retry.multiplier",
					"(" + retry.getMultiplier() + ") must be at least 1");
		}
		if (retry.getJitter() < 0.0 || retry.getJitter() >= 1.0) {
			throw new InvalidWebhooksPropertyException("webhooks.retry.jitter",
					"(" + retry.getJitter() + ") must be from 0 (none) up to, not including, 1");
		}
		if (retry.getInitialInterval().isNegative() || retry.getInitialInterval().isZero()) {
			throw new InvalidWebhooksPropertyException("webhooks.retry.initial-interval", "must be positive");
		}
		if (!properties.getReceiver().getPath().startsWith("/")) {
			throw new InvalidWebhooksPropertyException("webhooks.receiver.path",
					"'" + properties.getReceiver().getPath() + "' must start with '/'");
		}
	}

	private static void positive(String property, long value) {
		if (value <= 0) {
			throw new InvalidWebhooksPropertyException(property, "(" + value + ") must be positive");
		}
	}

}
