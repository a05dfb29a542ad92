package dev.webhooks.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.webhooks.capture.CaptureFailurePolicy;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.signing.WebhookSecret;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

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

	private final Dispatch dispatch = new Dispatch();

	private final Retry retry = new Retry();

	private final Http http = new Http();

	private final Receiver receiver = new Receiver();

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
		Deduplication deduplication = this.receiver.getDeduplication();
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
			PropertyRules.httpUrl(prefix + ".url", url);
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

	public Dispatch getDispatch() {
		return this.dispatch;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Http getHttp() {
		return this.http;
	}

	public Receiver getReceiver() {
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

	public static class Dispatch {

		/**
		 * Whether this instance sends the outbox. Turn off on nodes that should only write it.
		 */
		private boolean enabled = true;

		/**
		 * How often to look for due deliveries when no commit woke the dispatcher.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * Most deliveries claimed in one query. Up to one batch more than there are free workers is claimed ahead,
		 * so that the next claim overlaps the requests in flight.
		 */
		private int batchSize = 100;

		/**
		 * Most requests in flight at once from this instance.
		 */
		private int maxConcurrency = 64;

		/**
		 * How long a claimed delivery stays with this instance before another may take it over. Must exceed the
		 * HTTP call timeout times (1 + connect retries).
		 */
		private Duration leaseDuration = Duration.ofMinutes(2);

		/**
		 * How long shutdown waits for requests in flight before giving their deliveries back.
		 */
		private Duration shutdownGracePeriod = Duration.ofSeconds(10);

		/**
		 * Logger name for delivery outcomes.
		 */
		private String loggerName = "dev.webhooks.dispatch.DeliveryDispatcher";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public int getMaxConcurrency() {
			return this.maxConcurrency;
		}

		public void setMaxConcurrency(int maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
		}

		public Duration getLeaseDuration() {
			return this.leaseDuration;
		}

		public void setLeaseDuration(Duration leaseDuration) {
			this.leaseDuration = leaseDuration;
		}

		public Duration getShutdownGracePeriod() {
			return this.shutdownGracePeriod;
		}

		public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
			this.shutdownGracePeriod = shutdownGracePeriod;
		}

		public String getLoggerName() {
			return this.loggerName;
		}

		public void setLoggerName(String loggerName) {
			this.loggerName = loggerName;
		}

	}

	public static class Retry {

		/**
		 * Attempts a delivery gets in all before it fails.
		 */
		private int maxAttempts = 8;

		/**
		 * Delay before the second attempt.
		 */
		private Duration initialInterval = Duration.ofSeconds(5);

		/**
		 * Factor by which each further delay grows.
		 */
		private double multiplier = 8.0;

		/**
		 * Longest delay between two attempts before the jitter spreads it both ways, and longest Retry-After the
		 * target may ask for.
		 */
		private Duration maxInterval = Duration.ofHours(10);

		/**
		 * Random spread applied to each delay, as a fraction (0.2 = plus or minus 20%).
		 */
		private double jitter = 0.2;

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}

	public static class Http {

		/**
		 * Timeout for opening a connection.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Timeout between two reads of the response.
		 */
		private Duration readTimeout = Duration.ofSeconds(20);

		/**
		 * Timeout between two writes of the request.
		 */
		private Duration writeTimeout = Duration.ofSeconds(20);

		/**
		 * Timeout for a whole request, from connecting to reading the response.
		 */
		private Duration callTimeout = Duration.ofSeconds(30);

		/**
		 * Extra connection attempts within one delivery attempt when connecting fails.
		 */
		private int connectRetries = 1;

		/**
		 * Most idle connections kept in the shared pool.
		 */
		private int maxIdleConnections = 64;

		/**
		 * How long an idle pooled connection is kept.
		 */
		private Duration keepAlive = Duration.ofMinutes(5);

		/**
		 * Whether targets may resolve to loopback, private, link-local or other non-public addresses. Leave off in
		 * production unless peers live on a private network.
		 */
		private boolean allowPrivateAddresses = false;

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public Duration getWriteTimeout() {
			return this.writeTimeout;
		}

		public void setWriteTimeout(Duration writeTimeout) {
			this.writeTimeout = writeTimeout;
		}

		public Duration getCallTimeout() {
			return this.callTimeout;
		}

		public void setCallTimeout(Duration callTimeout) {
			this.callTimeout = callTimeout;
		}

		public int getConnectRetries() {
			return this.connectRetries;
		}

		public void setConnectRetries(int connectRetries) {
			this.connectRetries = connectRetries;
		}

		public int getMaxIdleConnections() {
			return this.maxIdleConnections;
		}

		public void setMaxIdleConnections(int maxIdleConnections) {
			this.maxIdleConnections = maxIdleConnections;
		}

		public Duration getKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(Duration keepAlive) {
			this.keepAlive = keepAlive;
		}

		public boolean isAllowPrivateAddresses() {
			return this.allowPrivateAddresses;
		}

		public void setAllowPrivateAddresses(boolean allowPrivateAddresses) {
			this.allowPrivateAddresses = allowPrivateAddresses;
		}

	}

	public static class Receiver {

		/**
		 * Whether the receiver endpoint is served.
		 */
		private boolean enabled = true;

		/**
		 * Path of the receiver endpoint.
		 */
		private String path = "/webhooks/receive";

		/**
		 * How far a message's 'webhook-timestamp' may be from now, either way, before it is refused as stale.
		 */
		private Duration timestampTolerance = Duration.ofMinutes(5);

		/**
		 * Largest request body the receiver reads.
		 */
		private DataSize maxBodySize = DataSize.ofMegabytes(1);

		/**
		 * Whether Spring Security skips the receiver endpoint, which authenticates each request by its signature.
		 */
		private boolean skipSpringSecurity = true;

		private final Deduplication deduplication = new Deduplication();

		public Deduplication getDeduplication() {
			return this.deduplication;
		}

		public boolean isSkipSpringSecurity() {
			return this.skipSpringSecurity;
		}

		public void setSkipSpringSecurity(boolean skipSpringSecurity) {
			this.skipSpringSecurity = skipSpringSecurity;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public Duration getTimestampTolerance() {
			return this.timestampTolerance;
		}

		public void setTimestampTolerance(Duration timestampTolerance) {
			this.timestampTolerance = timestampTolerance;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

	}

	public static class Deduplication {

		/**
		 * Whether a message delivered twice runs its handler once, remembered per sender and webhook-id in the
		 * idempotency store.
		 */
		private boolean enabled = true;

		/**
		 * How long handled messages are remembered. Keep it longer than the senders' retry window (about 27 hours
		 * with the default retry settings).
		 */
		private Duration retention = Duration.ofDays(7);

		/**
		 * How long a message being handled blocks its redeliveries, should its handling never end (a crash).
		 */
		private Duration lockTimeout = Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public Duration getLockTimeout() {
			return this.lockTimeout;
		}

		public void setLockTimeout(Duration lockTimeout) {
			this.lockTimeout = lockTimeout;
		}

	}

}
