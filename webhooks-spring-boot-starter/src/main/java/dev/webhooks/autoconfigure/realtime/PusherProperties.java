package dev.webhooks.autoconfigure.realtime;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/** The Pusher Channels transport, active when an app id is set. */
public class PusherProperties {

	/** The Pusher app id; setting it turns the Pusher transport on. */
	private @Nullable String appId;

	/** The Pusher app key, also what clients connect with. */
	private @Nullable String key;

	/** The Pusher app secret, signing API requests and checking webhooks. Never logged. */
	private @Nullable String secret;

	/** The Pusher cluster, e.g. 'eu' or 'mt1'; ignored when a host is set. */
	private @Nullable String cluster;

	/** The API host and port, e.g. 'localhost:6001' for a self-hosted Pusher-compatible server like Soketi. */
	private @Nullable String host;

	/** Whether the API is called over HTTPS. */
	private boolean useTls = true;

	/** The largest event data pushed; larger events are not sent and are logged and counted. */
	private DataSize maxMessageSize = DataSize.ofKilobytes(10);

	/** The most events per batch call (10 on Pusher's shared clusters). */
	private int batchSize = 10;

	/** How long an API call may take. */
	private Duration requestTimeout = Duration.ofSeconds(5);

	/** The path receiving Pusher's channel existence webhooks. */
	private String webhookPath = "/realtime/pusher/webhooks";

	/**
	 * How far a webhook's time_ms may be from this server's clock, either way; a correctly signed webhook
	 * outside it is answered with 400, so a captured one cannot be replayed later.
	 */
	private Duration webhookTolerance = Duration.ofMinutes(5);

	/** The path of the channel authorization endpoint for private channels. */
	private String authPath = "/realtime/pusher/auth";

	private final Occupancy occupancy = new Occupancy();

	public @Nullable String getAppId() {
		return this.appId;
	}

	public void setAppId(@Nullable String appId) {
		this.appId = appId;
	}

	public @Nullable String getKey() {
		return this.key;
	}

	public void setKey(@Nullable String key) {
		this.key = key;
	}

	public @Nullable String getSecret() {
		return this.secret;
	}

	public void setSecret(@Nullable String secret) {
		this.secret = secret;
	}

	public @Nullable String getCluster() {
		return this.cluster;
	}

	public void setCluster(@Nullable String cluster) {
		this.cluster = cluster;
	}

	public @Nullable String getHost() {
		return this.host;
	}

	public void setHost(@Nullable String host) {
		this.host = host;
	}

	public boolean isUseTls() {
		return this.useTls;
	}

	public void setUseTls(boolean useTls) {
		this.useTls = useTls;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public String getWebhookPath() {
		return this.webhookPath;
	}

	public void setWebhookPath(String webhookPath) {
		this.webhookPath = webhookPath;
	}

	public Duration getWebhookTolerance() {
		return this.webhookTolerance;
	}

	public void setWebhookTolerance(Duration webhookTolerance) {
		this.webhookTolerance = webhookTolerance;
	}

	public String getAuthPath() {
		return this.authPath;
	}

	public void setAuthPath(String authPath) {
		this.authPath = authPath;
	}

	public Occupancy getOccupancy() {
		return this.occupancy;
	}


	/** The occupied-channel optimisation. */
	public static class Occupancy {

		/**
		 * Whether pushes skip channels Pusher reported vacated. Needs Pusher's channel existence webhooks sent to
		 * the webhook path.
		 */
		private boolean enabled;

		/** The Spring Cache holding occupancy when there is a CacheManager; otherwise it is kept in memory. */
		private String cacheName = "webhooks-pusher-channels";

		/** The least time between two re-syncs of occupied channels from Pusher's channels API. */
		private Duration resyncInterval = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getCacheName() {
			return this.cacheName;
		}

		public void setCacheName(String cacheName) {
			this.cacheName = cacheName;
		}

		public Duration getResyncInterval() {
			return this.resyncInterval;
		}

		public void setResyncInterval(Duration resyncInterval) {
			this.resyncInterval = resyncInterval;
		}

	}

}
