package dev.webhooks.dispatch.okhttp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import dev.webhooks.net.PrivateAddressGuard;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Applies {@link PrivateAddressGuard} to OkHttp's connections. Checked at connection time, on the resolved addresses,
 * so DNS names that point inward are caught too; IP literals, which OkHttp does not resolve, are checked by the
 * interceptor, before connecting and, as a network interceptor, on every redirect followed.
 */
final class OkHttpPrivateAddressGuard implements Dns, Interceptor {

	private final Dns resolver;

	OkHttpPrivateAddressGuard() {
		this(Dns.SYSTEM);
	}

	OkHttpPrivateAddressGuard(Dns resolver) {
		this.resolver = resolver;
	}

	@Override
	public List<InetAddress> lookup(String hostname) throws UnknownHostException {
		List<InetAddress> addresses = this.resolver.lookup(hostname);
		for (InetAddress address : addresses) {
			if (PrivateAddressGuard.isNonPublic(address)) {
				throw new PrivateAddressException(hostname, address);
			}
		}
		return addresses;
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		HttpUrl url = chain.request().url();
		String host = url.host();
		if (isIpLiteral(host)) {
			InetAddress address = InetAddress.getByName(host);
			if (PrivateAddressGuard.isNonPublic(address)) {
				throw new PrivateAddressException(host, address);
			}
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

	/** The target resolved to an address that is not public. */
	static final class PrivateAddressException extends UnknownHostException {

		PrivateAddressException(String host, InetAddress address) {
			super("refused: " + host + " resolves to the non-public address " + PrivateAddressGuard.describe(address)
					+ "; set webhooks.http.allow-private-addresses=true to allow private targets");
		}

	}

}
