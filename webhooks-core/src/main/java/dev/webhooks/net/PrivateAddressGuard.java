package dev.webhooks.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Tells public internet addresses from loopback, private, link-local, multicast and other non-public ones, so that a
 * webhook URL cannot be used to reach the sender's own network. Hook URLs are checked when they are saved, and the
 * HTTP transport checks every address it connects to.
 * <p>
 * IPv6 addresses that carry an IPv4 address are judged as the IPv4 address they carry, since a network that
 * translates or tunnels them delivers to that address: IPv4-mapped ({@code ::ffff:127.0.0.1}), IPv4-translated
 * ({@code ::ffff:0:127.0.0.1}), IPv4-compatible ({@code ::127.0.0.1}), NAT64 ({@code 64:ff9b::7f00:1}), 6to4
 * ({@code 2002:7f00:1::}) and Teredo (the client address). The local-use NAT64 prefix {@code 64:ff9b:1::/48} is
 * refused whole, since where it carries the IPv4 address is up to the network.
 * <p>
 * An instance is the guard a sender applies: non-public addresses are refused, except those in the networks it was
 * told to allow ({@value #ALLOWED_NETWORKS_PROPERTY}), and a refusal names the property that would allow it.
 */
public final class PrivateAddressGuard {

	/** The property that lets targets reach private networks named in CIDR. */
	public static final String ALLOWED_NETWORKS_PROPERTY = "webhooks.http.allowed-networks";

	/** The property that lets targets reach every non-public address. */
	public static final String ALLOW_PRIVATE_ADDRESSES_PROPERTY = "webhooks.http.allow-private-addresses";

	private static final PrivateAddressGuard REFUSING_NON_PUBLIC = new PrivateAddressGuard(true, List.of());

	private static final PrivateAddressGuard DISABLED = new PrivateAddressGuard(false, List.of());

	private final boolean enabled;

	private final List<NetworkRange> allowedNetworks;

	private PrivateAddressGuard(boolean enabled, List<NetworkRange> allowedNetworks) {
		this.enabled = enabled;
		this.allowedNetworks = List.copyOf(allowedNetworks);
	}

	/** A guard that refuses every non-public address. */
	public static PrivateAddressGuard refusingNonPublic() {
		return REFUSING_NON_PUBLIC;
	}

	/**
	 * A guard that refuses non-public addresses except those in the given networks, like Svix's
	 * {@code whitelist_subnets}: {@code allowing(List.of(NetworkRange.parse("10.20.0.0/16")))}.
	 */
	public static PrivateAddressGuard allowing(Collection<NetworkRange> allowedNetworks) {
		return new PrivateAddressGuard(true, List.copyOf(allowedNetworks));
	}

	/** A guard that refuses nothing ({@value #ALLOW_PRIVATE_ADDRESSES_PROPERTY}{@code =true}). */
	public static PrivateAddressGuard disabled() {
		return DISABLED;
	}

	/** Whether this guard refuses anything at all. */
	public boolean isEnabled() {
		return this.enabled;
	}

	/** The non-public networks this guard lets through. */
	public List<NetworkRange> allowedNetworks() {
		return this.allowedNetworks;
	}

	/**
	 * Whether a target may not be reached at this address: it is {@linkplain #isNonPublic non-public} and neither
	 * it nor the IPv4 address it carries (NAT64, 6to4...) is in an allowed network.
	 */
	public boolean refuses(InetAddress address) {
		if (!this.enabled || !isNonPublic(address)) {
			return false;
		}
		Inet4Address carried = (address instanceof Inet6Address ipv6) ? embeddedIpv4(ipv6) : null;
		for (NetworkRange network : this.allowedNetworks) {
			if (network.contains(address) || (carried != null && network.contains(carried))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Checks every address a host resolved to.
	 * @param host the host name or IP literal of the target, as the message shows it
	 * @throws PrivateAddressRefusedException for the first address refused
	 */
	public void check(String host, Collection<InetAddress> addresses) throws PrivateAddressRefusedException {
		for (InetAddress address : addresses) {
			if (refuses(address)) {
				throw new PrivateAddressRefusedException(host, address, refusal(host, address));
			}
		}
	}

	/**
	 * Why an address is refused and the properties that allow it: {@code localhost resolves to the non-public
	 * address 127.0.0.1; allow it with webhooks.http.allowed-networks=127.0.0.1/32, or every non-public address
	 * with webhooks.http.allow-private-addresses=true}.
	 */
	public static String refusal(String host, InetAddress address) {
		return host + " resolves to the non-public address " + describe(address) + "; allow it with "
				+ ALLOWED_NETWORKS_PROPERTY + "=" + NetworkRange.of(address) + ", or every non-public address with "
				+ ALLOW_PRIVATE_ADDRESSES_PROPERTY + "=true";
	}

	/** Whether an address is loopback, private, link-local, multicast or otherwise not on the public internet. */
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
		if (address instanceof Inet6Address ipv6) {
			// fc00::/7 unique local addresses, 64:ff9b:1::/48 local-use NAT64
			if ((bytes[0] & 0xfe) == 0xfc || startsWith(bytes, 0, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) {
				return true;
			}
			Inet4Address carried = embeddedIpv4(ipv6);
			return carried != null && isNonPublic(carried);
		}
		return false;
	}

	/**
	 * The address as shown in messages, with the IPv4 address it carries, if any: {@code 64:ff9b:0:0:0:0:7f00:1
	 * (carrying 127.0.0.1)}.
	 */
	public static String describe(InetAddress address) {
		// :: and ::1 are IPv4-compatible in form only
		Inet4Address carried = (address instanceof Inet6Address ipv6 && !address.isLoopbackAddress()
				&& !address.isAnyLocalAddress()) ? embeddedIpv4(ipv6) : null;
		return address.getHostAddress() + ((carried != null) ? " (carrying " + carried.getHostAddress() + ")" : "");
	}

	/** The IPv4 address an IPv6 address carries, by the forms listed on this class, or {@code null}. */
	static @Nullable Inet4Address embeddedIpv4(Inet6Address address) {
		byte[] bytes = address.getAddress();
		if (isZero(bytes, 0, 10) && (startsWith(bytes, 10, 0xff, 0xff) || isZero(bytes, 10, 12))) {
			return ipv4(bytes, 12, false); // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d
		}
		if (isZero(bytes, 0, 8) && startsWith(bytes, 8, 0xff, 0xff, 0x00, 0x00)) {
			return ipv4(bytes, 12, false); // IPv4-translated ::ffff:0:a.b.c.d
		}
		if (startsWith(bytes, 0, 0x00, 0x64, 0xff, 0x9b) && isZero(bytes, 4, 12)) {
			return ipv4(bytes, 12, false); // NAT64 well-known prefix 64:ff9b::/96
		}
		if (startsWith(bytes, 0, 0x20, 0x02)) {
			return ipv4(bytes, 2, false); // 6to4 2002:aabb:ccdd::/48
		}
		if (startsWith(bytes, 0, 0x20, 0x01, 0x00, 0x00)) {
			return ipv4(bytes, 12, true); // Teredo 2001:0::/32, the client's address stored inverted
		}
		return null;
	}

	private static Inet4Address ipv4(byte[] bytes, int from, boolean inverted) {
		byte[] ipv4 = Arrays.copyOfRange(bytes, from, from + 4);
		if (inverted) {
			for (int i = 0; i < ipv4.length; i++) {
				ipv4[i] = (byte) ~ipv4[i];
			}
		}
		try {
			return (Inet4Address) InetAddress.getByAddress(ipv4);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("four bytes are always an IPv4 address", ex);
		}
	}

	private static boolean startsWith(byte[] bytes, int from, int... prefix) {
		for (int i = 0; i < prefix.length; i++) {
			if ((bytes[from + i] & 0xff) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static boolean isZero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

}
