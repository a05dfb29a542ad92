package dev.webhooks.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.webhooks.capture.CaptureFailurePolicy;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.signing.Ed25519PublicKey;
import dev.webhooks.signing.Ed25519SigningKey;
import dev.webhooks.signing.WebhookSecret;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings under {@code webhooks.*}, checked once bound: a wrong value fails the start-up with an
 * {@link InvalidWebhooksPropertyException} naming the property.
 */
@ConfigurationProperties("webhooks")
public class WebhooksProperties implements InitializingBean {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	/**
	 * Whether webhooks are enabled at all. When false the library does nothing: no capture, no dispatch, no
	 * endpoints.
	 */
	private boolean enabled = true;

	/**
	 * Id of this application among its peers. Sent as the 'webhook-source' header and left out of the default
	 * targets.
	 */
	private String appId;

	/**
	 * Peer servers by their app id: where each receives webhooks and the secret shared with it.
	 */
	private Map<String, Server> servers = new LinkedHashMap<>();

	private final Schema schema = new Schema();

	private final Capture capture = new Capture();

	@NestedConfigurationProperty
	private final DispatchProperties dispatch = new DispatchProperties();

	@NestedConfigurationProperty
	private final RetryProperties retry = new RetryProperties();

	@NestedConfigurationProperty
	private final HttpProperties http = new HttpProperties();

	@NestedConfigurationProperty
	private final ReceiverProperties receiver = new ReceiverProperties();

	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/**
	 * Checks every setting.
	 * @throws InvalidWebhooksPropertyException naming the first property that is wrong
	 */
	public void validate() {
		toPeerServers();
		PropertyRules.positive("webhooks.dispatch.poll-interval", this.dispatch.getPollInterval());
		PropertyRules.atLeast("webhooks.dispatch.batch-size", this.dispatch.getBatchSize(), 1);
		PropertyRules.atLeast("webhooks.dispatch.max-concurrency", this.dispatch.getMaxConcurrency(), 1);
		PropertyRules.positive("webhooks.dispatch.lease-duration", this.dispatch.getLeaseDuration());
		PropertyRules.notNegative("webhooks.dispatch.shutdown-grace-period", this.dispatch.getShutdownGracePeriod());
		PropertyRules.notBlank("webhooks.dispatch.logger-name", this.dispatch.getLoggerName());
		PropertyRules.positive("webhooks.http.connect-timeout", this.http.getConnectTimeout());
		PropertyRules.positive("webhooks.http.read-timeout", this.http.getReadTimeout());
		PropertyRules.positive("webhooks.http.write-timeout", this.http.getWriteTimeout());
		PropertyRules.positive("webhooks.http.call-timeout", this.http.getCallTimeout());
		PropertyRules.atLeast("webhooks.http.connect-retries", this.http.getConnectRetries(), 0);
		PropertyRules.atLeast("webhooks.http.max-idle-connections", this.http.getMaxIdleConnections(), 0);
		PropertyRules.positive("webhooks.http.keep-alive", this.http.getKeepAlive());
		this.http.addressGuard();
		this.http.okHttpProxy();
		Duration longestCall = this.http.getCallTimeout().multipliedBy(1 + this.http.getConnectRetries());
		if (this.dispatch.getLeaseDuration().compareTo(longestCall) <= 0) {
			throw new InvalidWebhooksPropertyException("webhooks.dispatch.lease-duration",
					this.dispatch.getLeaseDuration() + " must be longer than the longest HTTP call, "
							+ "webhooks.http.call-timeout (" + this.http.getCallTimeout()
							+ ") times 1 + webhooks.http.connect-retries (" + this.http.getConnectRetries() + ") = "
							+ longestCall + ", or another instance could send a delivery that is still in flight");
		}
		PropertyRules.atLeast("webhooks.retry.max-attempts", this.retry.getMaxAttempts(), 1);
		PropertyRules.positive("webhooks.retry.initial-interval", this.retry.getInitialInterval());
		if (this.retry.getMultiplier() < 1.0) {
			throw new InvalidWebhooksPropertyException("webhooks.retry.multiplier",
					"(" + this.retry.getMultiplier() + ") must be at least 1");
		}
		if (this.retry.getMaxInterval() == null
				|| this.retry.getMaxInterval().compareTo(this.retry.getInitialInterval()) < 0) {
			throw new InvalidWebhooksPropertyException("webhooks.retry.max-interval", "(" + this.retry.getMaxInterval()
					+ ") must be at least webhooks.retry.initial-interval (" + this.retry.getInitialInterval() + ")");
		}
		if (this.retry.getJitter() < 0.0 || this.retry.getJitter() >= 1.0) {
			throw new InvalidWebhooksPropertyException("webhooks.retry.jitter",
					"(" + this.retry.getJitter() + ") must be from 0 (none) up to, not including, 1");
		}
		validateReceiver();
	}

	private void validateReceiver() {
		PropertyRules.path("webhooks.receiver.path", this.receiver.getPath());
		PropertyRules.positive("webhooks.receiver.timestamp-tolerance", this.receiver.getTimestampTolerance());
		PropertyRules.positive("webhooks.receiver.max-body-size", this.receiver.getMaxBodySize());
		ReceiverProperties.Deduplication deduplication = this.receiver.getDeduplication();
		PropertyRules.positive("webhooks.receiver.deduplication.retention", deduplication.getRetention());
		// a message is accepted for as long as its timestamp is within the tolerance: remembering it for less
		// would run the handler again for a replay the signature check still accepts
		if (deduplication.getRetention().compareTo(this.receiver.getTimestampTolerance().multipliedBy(2)) < 0) {
			throw new InvalidWebhooksPropertyException("webhooks.receiver.deduplication.retention",
					"(" + deduplication.getRetention() + ") must be at least twice webhooks.receiver.timestamp-tolerance ("
							+ this.receiver.getTimestampTolerance() + "), or a replayed message would run its handler"
							+ " again");
		}
		PropertyRules.positive("webhooks.receiver.deduplication.lock-timeout", deduplication.getLockTimeout());
		this.receiver.toInboundSources();
	}

	/**
	 * The configured servers, their URLs and secrets checked.
	 * @throws InvalidWebhooksPropertyException naming the first property that is wrong
	 */
	public PeerServers toPeerServers() {
		String appId = this.appId;
		if (appId == null || appId.isBlank()) {
			if (!this.servers.isEmpty()) {
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
		for (Map.Entry<String, Server> entry : this.servers.entrySet()) {
			peers.add(peer(entry.getKey(), entry.getValue()));
		}
		return new PeerServers(appId, peers);
	}

	private static PeerServers.Peer peer(String id, Server server) {
		String prefix = "webhooks.servers." + id;
		if (!ID.matcher(id).matches()) {
			throw new InvalidWebhooksPropertyException(prefix,
					"the server id must be 1 to 100 letters, digits, '.', '_' or '-'");
		}
		boolean hasSecret = server.getSecret() != null && !server.getSecret().isBlank();
		boolean hasSigningKey = server.getSigningKey() != null && !server.getSigningKey().isBlank();
		boolean hasPublicKey = server.getPublicKey() != null && !server.getPublicKey().isBlank();
		if (!hasSecret && !hasSigningKey && !hasPublicKey) {
			throw new InvalidWebhooksPropertyException(prefix + ".secret", "is required: a secret shared with server '"
					+ id + "', 'whsec_' followed by base64 of 24 to 64 random bytes "
					+ "(e.g. echo whsec_$(openssl rand -base64 32)), unless the link uses ed25519 keys ("
					+ prefix + ".signing-key, " + prefix + ".public-key)");
		}
		List<WebhookSecret> secrets = new ArrayList<>();
		if (hasSecret) {
			secrets.add(secret(prefix + ".secret", server.getSecret()));
		}
		for (int i = 0; i < server.getPreviousSecrets().size(); i++) {
			secrets.add(secret(prefix + ".previous-secrets[" + i + "]", server.getPreviousSecrets().get(i)));
		}
		Ed25519SigningKey signingKey = hasSigningKey
				? key(prefix + ".signing-key", server.getSigningKey(), Ed25519SigningKey::parse) : null;
		List<Ed25519PublicKey> publicKeys = new ArrayList<>();
		if (hasPublicKey) {
			publicKeys.add(key(prefix + ".public-key", server.getPublicKey(), Ed25519PublicKey::parse));
		}
		for (int i = 0; i < server.getPreviousPublicKeys().size(); i++) {
			publicKeys.add(key(prefix + ".previous-public-keys[" + i + "]", server.getPreviousPublicKeys().get(i),
					Ed25519PublicKey::parse));
		}
		String url = server.getUrl();
		if (url != null && !url.isBlank()) {
			PropertyRules.httpUrl(prefix + ".url", url);
			if (!hasSecret && !hasSigningKey) {
				throw new InvalidWebhooksPropertyException(prefix + ".signing-key", "or " + prefix + ".secret is "
						+ "required to sign the messages sent to " + url + " (a public key only verifies)");
			}
		}
		else {
			url = null;
		}
		return new PeerServers.Peer(id, url, secrets, signingKey, publicKeys);
	}

	private static <K> K key(String property, String value, Function<String, K> parser) {
		try {
			return parser.apply(value);
		}
		catch (IllegalArgumentException ex) {
			// the parsers' messages never echo a secret key
			throw new InvalidWebhooksPropertyException(property, ex.getMessage());
		}
	}

	private static WebhookSecret secret(String property, String value) {
		try {
			return WebhookSecret.parse(value);
		}
		catch (IllegalArgumentException ex) {
			// the parser's messages never echo the secret
			throw new InvalidWebhooksPropertyException(property, ex.getMessage());
		}
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getAppId() {
		return this.appId;
	}

	public void setAppId(String appId) {
		this.appId = appId;
	}

	public Map<String, Server> getServers() {
		return this.servers;
	}

	public void setServers(Map<String, Server> servers) {
		this.servers = servers;
	}

	public Schema getSchema() {
		return this.schema;
	}

	public Capture getCapture() {
		return this.capture;
	}

	public DispatchProperties getDispatch() {
		return this.dispatch;
	}

	public RetryProperties getRetry() {
		return this.retry;
	}

	public HttpProperties getHttp() {
		return this.http;
	}

	public ReceiverProperties getReceiver() {
		return this.receiver;
	}

	public static class Server {

		/**
		 * URL where the server receives webhooks, e.g. https://erp.example.com/webhooks/receive. Leave it out for a
		 * server that only sends to this application.
		 */
		private String url;

		/**
		 * Secret shared with the server, 'whsec_' followed by base64 of 24 to 64 random bytes. Signs messages to it
		 * and verifies messages from it.
		 */
		private String secret;

		/**
		 * Secrets being rotated out: they still sign outgoing messages and verify incoming ones.
		 */
		private List<String> previousSecrets = new ArrayList<>();

		/**
		 * This application's ed25519 secret key for messages to the server, 'whsk_' followed by base64 of 32 bytes:
		 * they carry a 'v1a' signature, beside the 'v1' one when a secret is set too. Generate a pair with
		 * --webhooks.command=generate-signing-key and give the server the public key.
		 */
		private String signingKey;

		/**
		 * The server's ed25519 public key, 'whpk_' followed by base64 of 32 bytes: verifies the 'v1a' signatures of
		 * messages it sends here.
		 */
		private String publicKey;

		/**
		 * The server's public keys being rotated out: they still verify its 'v1a' signatures.
		 */
		private List<String> previousPublicKeys = new ArrayList<>();

		/**
		 * Most requests in flight at once to this server from one instance; webhooks.dispatch.target-max-concurrency
		 * when not set.
		 */
		private Integer maxConcurrency;

		/**
		 * Most requests per second to this server from one instance; webhooks.dispatch.target-rate-limit when not
		 * set, 0 for no limit.
		 */
		private Double rateLimit;

		/**
		 * Requests that may start at once after a quiet spell when rate limited; webhooks.dispatch.target-burst when
		 * not set.
		 */
		private Integer burst;

		public Integer getMaxConcurrency() {
			return this.maxConcurrency;
		}

		public void setMaxConcurrency(Integer maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
		}

		public Double getRateLimit() {
			return this.rateLimit;
		}

		public void setRateLimit(Double rateLimit) {
			this.rateLimit = rateLimit;
		}

		public Integer getBurst() {
			return this.burst;
		}

		public void setBurst(Integer burst) {
			this.burst = burst;
		}

		private final Ssl ssl = new Ssl();

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public String getSecret() {
			return this.secret;
		}

		public void setSecret(String secret) {
			this.secret = secret;
		}

		public List<String> getPreviousSecrets() {
			return this.previousSecrets;
		}

		public void setPreviousSecrets(List<String> previousSecrets) {
			this.previousSecrets = previousSecrets;
		}

		public String getSigningKey() {
			return this.signingKey;
		}

		public void setSigningKey(String signingKey) {
			this.signingKey = signingKey;
		}

		public String getPublicKey() {
			return this.publicKey;
		}

		public void setPublicKey(String publicKey) {
			this.publicKey = publicKey;
		}

		public List<String> getPreviousPublicKeys() {
			return this.previousPublicKeys;
		}

		public void setPreviousPublicKeys(List<String> previousPublicKeys) {
			this.previousPublicKeys = previousPublicKeys;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public static class Ssl {

			/**
			 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) to connect to the server with: its key store
			 * gives the client certificate for mutual TLS, its trust store the certificates trusted.
			 */
			private String bundle;

			public String getBundle() {
				return this.bundle;
			}

			public void setBundle(String bundle) {
				this.bundle = bundle;
			}

		}

	}

	public static class Schema {

		/**
		 * Whether to create and upgrade the library's tables with its own Flyway run (history table
		 * 'webhooks_schema_history'). Turn off to manage the schema yourself.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Capture {

		/**
		 * Whether changes to @HttpReceiver entities are written to the outbox.
		 */
		private boolean enabled = true;

		/**
		 * What a change whose payload cannot be written (serialization, hook template or serializer failure)
		 * does: fail the business transaction, or log it and store the delivery as FAILED with the reason.
		 */
		private CaptureFailurePolicy onFailure = CaptureFailurePolicy.FAIL_TRANSACTION;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public CaptureFailurePolicy getOnFailure() {
			return this.onFailure;
		}

		public void setOnFailure(CaptureFailurePolicy onFailure) {
			this.onFailure = onFailure;
		}

	}

}
