package dev.webhooks.dispatch.okhttp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.webhooks.net.PrivateAddressGuard;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Applies {@link PrivateAddressGuard} to OkHttp's connections. Checked at connection time, on the resolved addresses,
 * so DNS names that point inward are caught too; IP literals, which OkHttp does not resolve, are checked by the
 * interceptor, before connecting and, as a network interceptor, on every redirect followed.
 * <p>
 * Behind a proxy OkHttp resolves no target name itself: through an HTTP proxy it asks {@link Dns} for the proxy's
 * host only, and through a SOCKS proxy for nothing. The proxy's own host is passed unchecked (a proxy on the private
 * network is the usual case), so behind a proxy only IP-literal targets are judged, and the proxy decides the rest.
 */
final class OkHttpPrivateAddressGuard implements Dns, Interceptor {

	private final PrivateAddressGuard guard;

	private final Dns resolver;

	private final Set<String> proxyHosts;

	OkHttpPrivateAddressGuard() {
		this(PrivateAddressGuard.refusingNonPublic(), Dns.SYSTEM, Set.of());
	}

	OkHttpPrivateAddressGuard(Dns resolver) {
		this(PrivateAddressGuard.refusingNonPublic(), resolver, Set.of());
	}

	/**
	 * @param guard what is refused
	 * @param resolver resolves host names
	 * @param proxyHosts the host names of the configured proxies, resolved without being judged
	 */
	OkHttpPrivateAddressGuard(PrivateAddressGuard guard, Dns resolver, Set<String> proxyHosts) {
		this.guard = guard;
		this.resolver = resolver;
		this.proxyHosts = proxyHosts.stream().map((host) -> host.toLowerCase(Locale.ROOT)).collect(
				java.util.stream.Collectors.toUnmodifiableSet());
	}

	@Override
	public List<InetAddress> lookup(String hostname) throws UnknownHostException {
		List<InetAddress> addresses = this.resolver.lookup(hostname);
		if (!this.proxyHosts.contains(hostname.toLowerCase(Locale.ROOT))) {
			this.guard.check(hostname, addresses);
		}
		return addresses;
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		HttpUrl url = chain.request().url();
		String host = url.host();
		if (isIpLiteral(host)) {
			this.guard.check(host, List.of(InetAddress.getByName(host)));
		}
		return chain.proceed(chain.request());
	}

	/**
	 * The hosts OkHttp connects to without asking {@link Dns}: any of digits and dots, so short and decimal forms
	 * such as {@code 127.1} or {@code 2130706433} are judged too.
	 */
	private static boolean isIpLiteral(String host) {
		return host.indexOf(':') >= 0 || host.matches("[\\d.]+");
	}

}
