package dev.webhooks.autoconfigure.realtime;

import java.time.Duration;

import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.PropertyRules;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of realtime push to live clients, {@code webhooks.realtime.*}, checked once bound: a wrong value fails the
 * start-up with an {@link InvalidWebhooksPropertyException} naming the property.
 */
@ConfigurationProperties("webhooks.realtime")
public class RealtimeProperties implements InitializingBean {

	private static final String PREFIX = "webhooks.realtime.";

	/** Whether changes of @RealtimeChannels entities are pushed at all. */
	private boolean enabled = true;

	/**
	 * Whether the client connection named in the connection id header is left out of pushes caused by its own
	 * request.
	 */
	private boolean excludeOrigin = true;

	/** The request header carrying the client's connection id (a Pusher socket id or a server-sent events id). */
	private String connectionIdHeader = "X-Pusher-Socket-Id";

	/** How many committed transactions may wait to be pushed; more are dropped and counted. */
	private int queueCapacity = 10_000;

	private final Sse sse = new Sse();

	@NestedConfigurationProperty
	private final PusherProperties pusher = new PusherProperties();

	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/**
	 * Checks every setting; those of Pusher only when {@code webhooks.realtime.pusher.app-id} is set.
	 * @throws InvalidWebhooksPropertyException naming the first property that is wrong, never echoing the secret
	 */
	public void validate() {
		PropertyRules.atLeast(PREFIX + "queue-capacity", this.queueCapacity, 1);
		PropertyRules.notBlank(PREFIX + "connection-id-header", this.connectionIdHeader);
		PropertyRules.path(PREFIX + "sse.path", this.sse.getPath());
		PropertyRules.positive(PREFIX + "sse.heartbeat-interval", this.sse.getHeartbeatInterval());
		PropertyRules.positive(PREFIX + "sse.timeout", this.sse.getTimeout());
		PropertyRules.atLeast(PREFIX + "sse.max-connections", this.sse.getMaxConnections(), 1);
		PropertyRules.atLeast(PREFIX + "sse.max-connections-per-client", this.sse.getMaxConnectionsPerClient(), 1);
		if (this.sse.getMaxConnectionsPerClient() > this.sse.getMaxConnections()) {
			throw new InvalidWebhooksPropertyException(PREFIX + "sse.max-connections-per-client",
					"must not be above webhooks.realtime.sse.max-connections (" + this.sse.getMaxConnections()
							+ "), but is " + this.sse.getMaxConnectionsPerClient()
							+ "; lower it too when lowering max-connections");
		}
		PropertyRules.atLeast(PREFIX + "sse.client-buffer", this.sse.getClientBuffer(), 1);
		PropertyRules.atLeast(PREFIX + "sse.writer-threads", this.sse.getWriterThreads(), 1);
		PropertyRules.positive(PREFIX + "sse.poll-interval", this.sse.getPollInterval());
		if (this.pusher.getAppId() == null || this.pusher.getAppId().isBlank()) {
			return;
		}
		requiredForPusher("pusher.key", this.pusher.getKey());
		requiredForPusher("pusher.secret", this.pusher.getSecret());
		PropertyRules.positive(PREFIX + "pusher.max-message-size", this.pusher.getMaxMessageSize());
		PropertyRules.atLeast(PREFIX + "pusher.batch-size", this.pusher.getBatchSize(), 1);
		PropertyRules.positive(PREFIX + "pusher.request-timeout", this.pusher.getRequestTimeout());
		PropertyRules.path(PREFIX + "pusher.webhook-path", this.pusher.getWebhookPath());
		PropertyRules.positive(PREFIX + "pusher.webhook-tolerance", this.pusher.getWebhookTolerance());
		PropertyRules.path(PREFIX + "pusher.auth-path", this.pusher.getAuthPath());
		PropertyRules.positive(PREFIX + "pusher.occupancy.resync-interval",
				this.pusher.getOccupancy().getResyncInterval());
		PropertyRules.notBlank(PREFIX + "pusher.occupancy.cache-name", this.pusher.getOccupancy().getCacheName());
	}

	private static void requiredForPusher(String property, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidWebhooksPropertyException(PREFIX + property,
					"is required when webhooks.realtime.pusher.app-id is set");
		}
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isExcludeOrigin() {
		return this.excludeOrigin;
	}

	public void setExcludeOrigin(boolean excludeOrigin) {
		this.excludeOrigin = excludeOrigin;
	}

	public String getConnectionIdHeader() {
		return this.connectionIdHeader;
	}

	public void setConnectionIdHeader(String connectionIdHeader) {
		this.connectionIdHeader = connectionIdHeader;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public Sse getSse() {
		return this.sse;
	}

	public PusherProperties getPusher() {
		return this.pusher;
	}

	/** How events reach the server-sent events subscribers of every application instance. */
	public enum Broadcast {

		/** Through the database when there is a single DataSource, else local. */
		AUTO,

		/** Only this instance's subscribers: enough for one instance. */
		LOCAL,

		/** Through the webhooks_realtime_events table, which every instance polls. */
		DATABASE

	}

	/** The built-in server-sent events endpoint. */
	public static class Sse {

		/** Whether the server-sent events endpoint is served (in a servlet web application). */
		private boolean enabled = true;

		/** The path of the server-sent events endpoint. */
		private String path = "/realtime/events";

		/** How often an idle connection receives a comment line, so proxies keep it open. */
		private Duration heartbeatInterval = Duration.ofSeconds(15);

		/** How long a connection stays open before the browser is made to reconnect. */
		private Duration timeout = Duration.ofMinutes(30);

		/** The most connections one application instance serves; more are answered with 503. */
		private int maxConnections = 1000;

		/**
		 * The most connections one client has open on one application instance; more are answered with 429. The
		 * client is the authenticated user, else the remote address (behind a proxy, enable
		 * server.forward-headers-strategy so that it is the browser's, not the proxy's). At most max-connections.
		 */
		private int maxConnectionsPerClient = 8;

		/** The most events waiting for one connection; a client that falls further behind is disconnected. */
		private int clientBuffer = 256;

		/** The threads writing events to connections. */
		private int writerThreads = 4;

		/**
		 * How events reach the subscribers of every instance: 'auto' (the database when there is a single
		 * DataSource, else local), 'local' or 'database'.
		 */
		private Broadcast broadcast = Broadcast.AUTO;

		/** How often each instance reads new events from the database broadcast. */
		private Duration pollInterval = Duration.ofMillis(250);

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

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getMaxConnectionsPerClient() {
			return this.maxConnectionsPerClient;
		}

		public void setMaxConnectionsPerClient(int maxConnectionsPerClient) {
			this.maxConnectionsPerClient = maxConnectionsPerClient;
		}

		public int getClientBuffer() {
			return this.clientBuffer;
		}

		public void setClientBuffer(int clientBuffer) {
			this.clientBuffer = clientBuffer;
		}

		public int getWriterThreads() {
			return this.writerThreads;
		}

		public void setWriterThreads(int writerThreads) {
			this.writerThreads = writerThreads;
		}

		public Broadcast getBroadcast() {
			return this.broadcast;
		}

		public void setBroadcast(Broadcast broadcast) {
			this.broadcast = broadcast;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

}
