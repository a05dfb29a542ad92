package dev.webhooks.dispatch.okhttp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Refuses targets that resolve to loopback, private, link-local, multicast or other non-public addresses, so a
 * webhook URL cannot be used to reach the sender's own network. Checked at connection time, on the resolved
 * addresses, so DNS names that point inward are caught too; IP literals, which OkHttp does not resolve, are checked
 * by the interceptor, before connecting and, as a network interceptor, on every redirect followed.
 */
public final class PrivateAddressGuard implements Dns, Interceptor {

	PrivateAddressGuard() {
	}

	@Override
	public List<InetAddress> lookup(String hostname) throws UnknownHostException {
		List<InetAddress> addresses = Dns.SYSTEM.lookup(hostname);
		for (InetAddress address : addresses) {
			if (isNonPublic(address)) {
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
			if (isNonPublic(address)) {
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

	/**
	 * Whether an address is loopback, private, link-local, multicast or otherwise not on the public internet; also
	 * used to check hook URLs when they are saved.
	 */
	public static boolean isNonPublic(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			// 100.64/10 carrier-grade NAT, 0/8 "this network", 192.0.0/24 protocol assignments, 198.18/15 benchmarking,
			// 240/4 reserved
			return first == 0 || (first == 100 && second >= 64 && second <= 127)
					|| (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) || (first == 198 && (second & 0xfe) == 18)
					|| first >= 240;
		}
		if (address instanceof Inet6Address) {
			int first = bytes[0] & 0xff;
			// fc00::/7 unique local addresses
			if ((first & 0xfe) == 0xfc) {
				return true;
			}
			// IPv4-mapped addresses (::ffff:a.b.c.d) are judged as the IPv4 address they carry
			boolean mapped = true;
			for (int i = 0; i < 10; i++) {
				mapped &= bytes[i] == 0;
			}
			if (mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
				try {
					return isNonPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
				}
				catch (UnknownHostException ex) {
					return true;
				}
			}
		}
		return false;
	}

	/** The target resolved to an address that is not public. */
	static final class PrivateAddressException extends UnknownHostException {

		PrivateAddressException(String host, InetAddress address) {
			super("refused: " + host + " resolves to the non-public address " + address.getHostAddress()
					+ "; set webhooks.http.allow-private-addresses=true to allow private targets");
		}

	}

}
