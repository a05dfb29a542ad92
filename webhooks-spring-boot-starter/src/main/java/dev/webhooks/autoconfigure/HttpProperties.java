package dev.webhooks.autoconfigure;

import java.time.Duration;

/**
 * Settings under {@code webhooks.http.*}: the HTTP client deliveries are sent with.
 */
public class HttpProperties {

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
