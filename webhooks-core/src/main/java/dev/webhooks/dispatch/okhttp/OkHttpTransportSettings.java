package dev.webhooks.dispatch.okhttp;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link OkHttpWebhookTransport} builds its client.
 *
 * @param connectTimeout the longest wait for a TCP (and TLS) connection
 * @param readTimeout the longest wait between two reads of the response
 * @param writeTimeout the longest wait between two writes of the request
 * @param callTimeout the longest a whole request may take, connect to last byte read; must be positive
 * @param maxIdleConnections how many idle connections the pool keeps
 * @param keepAlive how long an idle connection is kept
 * @param connectRetries how many more times a connection that was refused or failed is tried again within one
 * attempt, at once; the request was not sent, so this is always safe
 * @param followRedirects whether to follow redirects; off, since a webhook target should answer itself and a
 * redirect could send the signed payload elsewhere
 * @param allowPrivateAddresses whether targets may resolve to loopback, private, link-local and other non-public
 * addresses; off by default so a target URL cannot reach into the sender's own network
 */
public record OkHttpTransportSettings(Duration connectTimeout, Duration readTimeout, Duration writeTimeout,
		Duration callTimeout, int maxIdleConnections, Duration keepAlive, int connectRetries,
		boolean followRedirects, boolean allowPrivateAddresses) {

	public OkHttpTransportSettings {
		requirePositive(connectTimeout, "connectTimeout");
		requirePositive(readTimeout, "readTimeout");
		requirePositive(writeTimeout, "writeTimeout");
		requirePositive(callTimeout, "callTimeout");
		requirePositive(keepAlive, "keepAlive");
		if (maxIdleConnections < 0) {
			throw new IllegalArgumentException("maxIdleConnections must not be negative, but is " + maxIdleConnections);
		}
		if (connectRetries < 0) {
			throw new IllegalArgumentException("connectRetries must not be negative, but is " + connectRetries);
		}
	}

	/**
	 * Connect 5s, read 20s, write 20s, call 30s, 64 idle connections kept 5 minutes, 1 connect retry, no redirects,
	 * no private addresses.
	 */
	public static OkHttpTransportSettings defaults() {
		return new OkHttpTransportSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(20),
				Duration.ofSeconds(30), 64, Duration.ofMinutes(5), 1, false, false);
	}

	public OkHttpTransportSettings withConnectTimeout(Duration connectTimeout) {
		return new OkHttpTransportSettings(connectTimeout, this.readTimeout, this.writeTimeout, this.callTimeout,
				this.maxIdleConnections, this.keepAlive, this.connectRetries, this.followRedirects,
				this.allowPrivateAddresses);
	}

	public OkHttpTransportSettings withReadTimeout(Duration readTimeout) {
		return new OkHttpTransportSettings(this.connectTimeout, readTimeout, this.writeTimeout, this.callTimeout,
				this.maxIdleConnections, this.keepAlive, this.connectRetries, this.followRedirects,
				this.allowPrivateAddresses);
	}

	public OkHttpTransportSettings withWriteTimeout(Duration writeTimeout) {
		return new OkHttpTransportSettings(this.connectTimeout, this.readTimeout, writeTimeout, this.callTimeout,
				this.maxIdleConnections, this.keepAlive, this.connectRetries, this.followRedirects,
				this.allowPrivateAddresses);
	}

	public OkHttpTransportSettings withCallTimeout(Duration callTimeout) {
		return new OkHttpTransportSettings(this.connectTimeout, this.readTimeout, this.writeTimeout, callTimeout,
				this.maxIdleConnections, this.keepAlive, this.connectRetries, this.followRedirects,
				this.allowPrivateAddresses);
	}

	public OkHttpTransportSettings withMaxIdleConnections(int maxIdleConnections) {
		return new OkHttpTransportSettings(this.connectTimeout, this.readTimeout, this.writeTimeout, this.callTimeout,
				maxIdleConnections, this.keepAlive, this.connectRetries, this.followRedirects,
				this.allowPrivateAddresses);
	}

	public OkHttpTransportSettings withKeepAlive(Duration keepAlive) {
		return new OkHttpTransportSettings(this.connectTimeout, this.readTimeout, this.writeTimeout, this.callTimeout,
				this.maxIdleConnections, keepAlive, this.connectRetries, this.followRedirects,
				this.allowPrivateAddresses);
	}

	public OkHttpTransportSettings withConnectRetries(int connectRetries) {
		return new OkHttpTransportSettings(this.connectTimeout, this.readTimeout, this.writeTimeout, this.callTimeout,
				this.maxIdleConnections, this.keepAlive, connectRetries, this.followRedirects,
				this.allowPrivateAddresses);
	}

	public OkHttpTransportSettings withFollowRedirects(boolean followRedirects) {
		return new OkHttpTransportSettings(this.connectTimeout, this.readTimeout, this.writeTimeout, this.callTimeout,
				this.maxIdleConnections, this.keepAlive, this.connectRetries, followRedirects,
				this.allowPrivateAddresses);
	}

	private static void requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, but is " + duration);
		}
	}

	public OkHttpTransportSettings withAllowPrivateAddresses(boolean allowPrivateAddresses) {
		return new OkHttpTransportSettings(this.connectTimeout, this.readTimeout, this.writeTimeout, this.callTimeout,
				this.maxIdleConnections, this.keepAlive, this.connectRetries, this.followRedirects,
				allowPrivateAddresses);
	}

}
