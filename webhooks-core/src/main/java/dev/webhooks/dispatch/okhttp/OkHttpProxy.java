package dev.webhooks.dispatch.okhttp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The proxy requests go through: an HTTP proxy (HTTPS targets through a {@code CONNECT} tunnel) or a SOCKS proxy,
 * except for the hosts in {@code nonProxyHosts}.
 * <p>
 * The proxy's host name is resolved at each new connection, not once at start-up, so a proxy that moves is
 * followed. Credentials are sent to an HTTP proxy as {@code Proxy-Authorization: Basic}, before it asks for them on
 * a tunnel and when it answers 407 otherwise.
 *
 * @param type {@link Proxy.Type#HTTP} or {@link Proxy.Type#SOCKS}
 * @param host the proxy's host name or IP address
 * @param port the proxy's port
 * @param username the user name for an HTTP proxy that asks for one, or {@code null}
 * @param password its password, or {@code null}
 * @param nonProxyHosts hosts reached directly: exact names, or patterns with {@code *} at the start or the end
 * ({@code *.internal}, {@code 10.*}), in any case
 */
public record OkHttpProxy(Proxy.Type type, String host, int port, @Nullable String username,
		@Nullable String password, List<String> nonProxyHosts) {

	/**
	 * @throws IllegalArgumentException when the type is {@code DIRECT}, the host is blank, the port is out of range,
	 * or a SOCKS proxy is given credentials (Java's SOCKS client takes them only from the JVM-wide
	 * {@link java.net.Authenticator}, which a library should not replace)
	 */
	public OkHttpProxy {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(host, "host");
		nonProxyHosts = List.copyOf(nonProxyHosts);
		if (type == Proxy.Type.DIRECT) {
			throw new IllegalArgumentException("type must be HTTP or SOCKS");
		}
		if (host.isBlank()) {
			throw new IllegalArgumentException("host must not be blank");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must be from 1 to 65535, but is " + port);
		}
		if (type == Proxy.Type.SOCKS && username != null) {
			throw new IllegalArgumentException("a SOCKS proxy cannot be given a username here: Java's SOCKS client "
					+ "reads credentials only from the JVM-wide java.net.Authenticator; set that, or use an HTTP proxy");
		}
		if (username == null && password != null) {
			throw new IllegalArgumentException("a password needs a username");
		}
	}

	/** A proxy without credentials, for every host. */
	public static OkHttpProxy of(Proxy.Type type, String host, int port) {
		return new OkHttpProxy(type, host, port, null, null, List.of());
	}

	/** Whether a host is reached directly, without the proxy. */
	public boolean bypasses(String targetHost) {
		String target = targetHost.toLowerCase(Locale.ROOT);
		for (String pattern : this.nonProxyHosts) {
			String lower = pattern.strip().toLowerCase(Locale.ROOT);
			boolean matches = lower.startsWith("*") ? target.endsWith(lower.substring(1))
					: lower.endsWith("*") ? target.startsWith(lower.substring(0, lower.length() - 1))
							: target.equals(lower);
			if (matches) {
				return true;
			}
		}
		return false;
	}

	/** Routes the client's requests through this proxy. */
	void applyTo(OkHttpClient.Builder builder) {
		// unresolved: OkHttp resolves an HTTP proxy's name through its Dns at each connection, the JDK a SOCKS one
		Proxy proxy = new Proxy(this.type, InetSocketAddress.createUnresolved(this.host, this.port));
		builder.proxySelector(new ProxySelector() {

			@Override
			public List<Proxy> select(URI uri) {
				return bypasses(String.valueOf(uri.getHost())) ? List.of(Proxy.NO_PROXY) : List.of(proxy);
			}

			@Override
			public void connectFailed(URI uri, SocketAddress address, IOException ex) {
				// OkHttp tries the next route itself
			}

		});
		if (this.username != null) {
			String credentials = Credentials.basic(this.username, (this.password != null) ? this.password : "");
			builder.proxyAuthenticator(basic(credentials));
		}
	}

	private static Authenticator basic(String credentials) {
		return (route, response) -> {
			Request request = response.request();
			if (credentials.equals(request.header("Proxy-Authorization"))) {
				return null; // refused with these credentials: asking again would loop
			}
			return request.newBuilder().header("Proxy-Authorization", credentials).build();
		};
	}

	/** The password is never shown. */
	@Override
	public String toString() {
		return "OkHttpProxy[" + this.type + " " + this.host + ":" + this.port
				+ ((this.username != null) ? ", user " + this.username : "") + ", nonProxyHosts=" + this.nonProxyHosts
				+ "]";
	}

}
