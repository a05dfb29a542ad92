package dev.webhooks.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A network in CIDR notation, IPv4 ({@code 10.20.0.0/16}) or IPv6 ({@code fd00:1234::/32}); a bare address is the
 * network of that one address ({@code /32} or {@code /128}). Parsed without any DNS lookup.
 */
public final class NetworkRange {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private final InetAddress network;

	private final int prefixLength;

	private NetworkRange(InetAddress network, int prefixLength) {
		this.network = network;
		this.prefixLength = prefixLength;
	}

	/**
	 * Reads {@code address/prefix-length}, or a bare address.
	 * @throws IllegalArgumentException naming what is wrong: not an IP address, a prefix length out of range, or
	 * bits set past the prefix ({@code 10.0.0.1/8}, which is almost always a typo of {@code 10.0.0.0/8})
	 */
	public static NetworkRange parse(String cidr) {
		Objects.requireNonNull(cidr, "cidr");
		String text = cidr.strip();
		int slash = text.indexOf('/');
		String addressText = (slash >= 0) ? text.substring(0, slash) : text;
		InetAddress address = literal(addressText);
		if (address == null) {
			throw new IllegalArgumentException("'" + cidr + "' is not a network in CIDR notation such as 10.0.0.0/8 or "
					+ "fd00::/8: '" + addressText + "' is not an IPv4 or IPv6 address");
		}
		int bits = address.getAddress().length * 8;
		int prefixLength = bits;
		if (slash >= 0) {
			String lengthText = text.substring(slash + 1);
			try {
				prefixLength = Integer.parseInt(lengthText);
			}
			catch (NumberFormatException ex) {
				prefixLength = -1;
			}
			if (prefixLength < 0 || prefixLength > bits || !lengthText.matches("\\d{1,3}")) {
				throw new IllegalArgumentException("'" + cidr + "' has the prefix length '" + lengthText
						+ "'; it must be from 0 to " + bits);
			}
		}
		NetworkRange range = new NetworkRange(masked(address, prefixLength), prefixLength);
		if (!range.network.equals(address)) {
			throw new IllegalArgumentException("'" + cidr + "' has bits set past its prefix length; the network is "
					+ range);
		}
		return range;
	}

	/** The network of one address alone: {@code /32} for IPv4, {@code /128} for IPv6. */
	public static NetworkRange of(InetAddress address) {
		return new NetworkRange(address, address.getAddress().length * 8);
	}

	/** Whether the address is in this network; an IPv4 network never holds an IPv6 address, nor the reverse. */
	public boolean contains(InetAddress address) {
		if (address.getAddress().length != this.network.getAddress().length) {
			return false;
		}
		return masked(address, this.prefixLength).equals(this.network);
	}

	private static @Nullable InetAddress literal(String text) {
		boolean ipv6 = text.indexOf(':') >= 0;
		if (!ipv6 && !IPV4.matcher(text).matches()) {
			return null; // InetAddress.getByName would look a host name up
		}
		try {
			InetAddress address = InetAddress.getByName(text);
			return (ipv6 || address instanceof Inet4Address) ? address : null;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static InetAddress masked(InetAddress address, int prefixLength) {
		byte[] bytes = address.getAddress();
		for (int i = 0; i < bytes.length; i++) {
			int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
			bytes[i] &= (byte) (0xff00 >> keep);
		}
		try {
			return (address instanceof Inet6Address) ? Inet6Address.getByAddress(null, bytes, -1)
					: InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("an address of " + bytes.length + " bytes is always valid", ex);
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof NetworkRange range && this.prefixLength == range.prefixLength
				&& this.network.equals(range.network));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.network, this.prefixLength);
	}

	/** The CIDR notation, e.g. {@code 10.0.0.0/8} or {@code fd00:0:0:0:0:0:0:0/8}. */
	@Override
	public String toString() {
		return this.network.getHostAddress() + "/" + this.prefixLength;
	}

}
