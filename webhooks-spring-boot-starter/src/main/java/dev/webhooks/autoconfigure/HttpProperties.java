package dev.webhooks.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.webhooks.dispatch.okhttp.OkHttpProxy;
import dev.webhooks.net.NetworkRange;
import dev.webhooks.net.PrivateAddressGuard;
import org.jspecify.annotations.Nullable;

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

	/**
	 * Non-public networks targets may reach although private addresses are refused, in CIDR notation (e.g.
	 * 10.20.0.0/16, fd00:1234::/32, 127.0.0.1/32). IPv6 addresses that carry an IPv4 address (NAT64, 6to4) are
	 * allowed when the address they carry is in one of them.
	 */
	private List<String> allowedNetworks = new ArrayList<>();

	/**
	 * Proxy that requests go through.
	 */
	private final Proxy proxy = new Proxy();

	/**
	 * The guard these settings ask for.
	 * @throws InvalidWebhooksPropertyException naming the first allowed network that is not valid CIDR
	 */
	public PrivateAddressGuard addressGuard() {
		if (this.allowPrivateAddresses) {
			return PrivateAddressGuard.disabled();
		}
		return PrivateAddressGuard.allowing(networkRanges());
	}

	/**
	 * The allowed networks, parsed.
	 * @throws InvalidWebhooksPropertyException naming the first one that is not valid CIDR
	 */
	public List<NetworkRange> networkRanges() {
		List<NetworkRange> ranges = new ArrayList<>();
		for (String network : this.allowedNetworks) {
			try {
				ranges.add(NetworkRange.parse(String.valueOf(network)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidWebhooksPropertyException("webhooks.http.allowed-networks", ex.getMessage());
			}
		}
		return ranges;
	}

	/**
	 * The proxy these settings ask for, or {@code null} for none.
	 * @throws InvalidWebhooksPropertyException naming the proxy property that is wrong
	 */
	public @Nullable OkHttpProxy okHttpProxy() {
		if (this.proxy.getType() == java.net.Proxy.Type.DIRECT) {
			throw new InvalidWebhooksPropertyException("webhooks.http.proxy.type", "must be HTTP or SOCKS");
		}
		String host = this.proxy.getHost();
		if (host == null || host.isBlank()) {
			if (this.proxy.getPort() != null || this.proxy.getUsername() != null) {
				throw new InvalidWebhooksPropertyException("webhooks.http.proxy.host",
						"is required when webhooks.http.proxy.port or .username is set");
			}
			return null;
		}
		if (this.proxy.getPort() == null) {
			throw new InvalidWebhooksPropertyException("webhooks.http.proxy.port",
					"is required when webhooks.http.proxy.host is set");
		}
		if (this.proxy.getPort() < 1 || this.proxy.getPort() > 65535) {
			throw new InvalidWebhooksPropertyException("webhooks.http.proxy.port",
					"must be from 1 to 65535, but is " + this.proxy.getPort());
		}
		if (this.proxy.getType() == java.net.Proxy.Type.SOCKS && this.proxy.getUsername() != null) {
			throw new InvalidWebhooksPropertyException("webhooks.http.proxy.username", "is for an HTTP proxy only: "
					+ "Java's SOCKS client reads credentials only from the JVM-wide java.net.Authenticator");
		}
		if (this.proxy.getUsername() == null && this.proxy.getPassword() != null) {
			throw new InvalidWebhooksPropertyException("webhooks.http.proxy.username",
					"is required when webhooks.http.proxy.password is set");
		}
		return new OkHttpProxy(this.proxy.getType(), host.strip(), this.proxy.getPort(), this.proxy.getUsername(),
				this.proxy.getPassword(), this.proxy.getNonProxyHosts());
	}

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

	public List<String> getAllowedNetworks() {
		return this.allowedNetworks;
	}

	public void setAllowedNetworks(List<String> allowedNetworks) {
		this.allowedNetworks = allowedNetworks;
	}

	public Proxy getProxy() {
		return this.proxy;
	}

	public static class Proxy {

		/**
		 * Kind of proxy: HTTP (HTTPS targets through a CONNECT tunnel) or SOCKS.
		 */
		private java.net.Proxy.Type type = java.net.Proxy.Type.HTTP;

		/**
		 * Host name or IP address of the proxy. No proxy when unset.
		 */
		private @Nullable String host;

		/**
		 * Port of the proxy.
		 */
		private @Nullable Integer port;

		/**
		 * User name sent to an HTTP proxy (Basic).
		 */
		private @Nullable String username;

		/**
		 * Password sent to an HTTP proxy with the user name.
		 */
		private @Nullable String password;

		/**
		 * Hosts reached directly rather than through the proxy: exact names or patterns with '*' at the start or
		 * the end (e.g. *.internal, 10.*).
		 */
		private List<String> nonProxyHosts = new ArrayList<>();

		public java.net.Proxy.Type getType() {
			return this.type;
		}

		public void setType(java.net.Proxy.Type type) {
			this.type = type;
		}

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public List<String> getNonProxyHosts() {
			return this.nonProxyHosts;
		}

		public void setNonProxyHosts(List<String> nonProxyHosts) {
			this.nonProxyHosts = nonProxyHosts;
		}

	}

}
