package dev.webhooks.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PrivateAddressGuardTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1",
			"172.31.255.255", "192.168.0.1", "192.168.255.255", "169.254.169.254", "100.64.0.1", "100.127.255.255",
			"0.0.0.0", "224.0.0.1", "239.255.255.250", "::1", "::", "fc00::1", "fd12:3456:789a::1", "fe80::1",
			"febf:ffff::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:192.168.1.1", "::ffff:127.0.0.1" })
	void refusesNonPublicAddresses(String address) throws IOException {
		assertThat(PrivateAddressGuard.isNonPublic(InetAddress.getByName(address))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "8.8.8.8", "1.1.1.1", "2606:4700::1111", "2001:4860:4860::8888", "172.15.255.255",
			"172.32.0.1", "100.63.255.255", "100.128.0.1", "11.0.0.1", "::ffff:8.8.8.8" })
	void allowsPublicAddresses(String address) throws IOException {
		assertThat(PrivateAddressGuard.isNonPublic(InetAddress.getByName(address))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0a000001", "c0a80101", "7f000001", "a9fea9fe" })
	void judgesIpv4MappedIpv6AddressesByTheIpv4AddressTheyCarry(String ipv4) throws IOException {
		// InetAddress.getByName turns ::ffff:a.b.c.d into an Inet4Address; an Inet6Address can still carry one
		byte[] mapped = HexFormat.of().parseHex("00000000000000000000ffff" + ipv4);
		Inet6Address address = Inet6Address.getByAddress(null, mapped, -1);

		assertThat(PrivateAddressGuard.isNonPublic(address)).isTrue();
		assertThat(PrivateAddressGuard.isNonPublic(Inet6Address.getByAddress(null,
				HexFormat.of().parseHex("00000000000000000000ffff08080808"), -1)))
			.isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "::127.0.0.1", "::10.0.0.1", "::ffff:0:127.0.0.1", "64:ff9b::7f00:1",
			"64:ff9b::a9fe:a9fe", "64:ff9b::c0a8:101", "64:ff9b:1::8.8.8.8", "2002:7f00:1::", "2002:a9fe:a9fe::1",
			"2002:c0a8:101:1::1", "2001:0:4136:e378:8000:63bf:80ff:fffe" })
	void refusesIpv6AddressesCarryingANonPublicIpv4Address(String address) throws IOException {
		// the last is Teredo with the client address 127.0.0.1 stored inverted
		assertThat(PrivateAddressGuard.isNonPublic(InetAddress.getByName(address))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "::8.8.8.8", "::ffff:0:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
			"2001:0:4136:e378:8000:63bf:f7f7:f7f7" })
	void allowsIpv6AddressesCarryingAPublicIpv4Address(String address) throws IOException {
		assertThat(PrivateAddressGuard.isNonPublic(InetAddress.getByName(address))).isFalse();
	}

	@Test
	void describesTheIpv4AddressAnIpv6AddressCarries() throws IOException {
		assertThat(PrivateAddressGuard.describe(InetAddress.getByName("64:ff9b::a9fe:a9fe")))
			.isEqualTo("64:ff9b:0:0:0:0:a9fe:a9fe (carrying 169.254.169.254)");
		assertThat(PrivateAddressGuard.describe(InetAddress.getByName("::1"))).isEqualTo("0:0:0:0:0:0:0:1");
		assertThat(PrivateAddressGuard.describe(InetAddress.getByName("10.0.0.1"))).isEqualTo("10.0.0.1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.20.0.1", "10.20.255.255", "::ffff:10.20.0.1", "64:ff9b::a14:1", "2002:a14:1::1",
			"fd00:1234::5" })
	void letsThroughTheAllowedNetworksAndTheIpv6AddressesCarryingAnAddressInThem(String address) throws IOException {
		PrivateAddressGuard guard = PrivateAddressGuard
			.allowing(List.of(NetworkRange.parse("10.20.0.0/16"), NetworkRange.parse("fd00:1234::/32")));

		assertThat(guard.refuses(InetAddress.getByName(address))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.21.0.1", "127.0.0.1", "169.254.169.254", "64:ff9b::7f00:1", "64:ff9b::a15:1",
			"2002:a15:1::1", "2002:a9fe:a9fe::1", "fd00:1235::5", "::1" })
	void stillRefusesNonPublicAddressesOutsideTheAllowedNetworks(String address) throws IOException {
		PrivateAddressGuard guard = PrivateAddressGuard
			.allowing(List.of(NetworkRange.parse("10.20.0.0/16"), NetworkRange.parse("fd00:1234::/32")));

		assertThat(guard.refuses(InetAddress.getByName(address))).isTrue();
	}

	@Test
	void neverRefusesPublicAddressesNorAnythingWhenDisabled() throws IOException {
		assertThat(PrivateAddressGuard.refusingNonPublic().refuses(InetAddress.getByName("8.8.8.8"))).isFalse();
		assertThat(PrivateAddressGuard.refusingNonPublic().refuses(InetAddress.getByName("64:ff9b::808:808")))
			.isFalse();
		assertThat(PrivateAddressGuard.disabled().refuses(InetAddress.getByName("127.0.0.1"))).isFalse();
	}

	@Test
	void aRefusalNamesTheHostTheAddressAndThePropertiesThatAllowIt() throws IOException {
		InetAddress nat64 = InetAddress.getByName("64:ff9b::a9fe:a9fe");

		assertThatExceptionOfType(PrivateAddressRefusedException.class)
			.isThrownBy(() -> PrivateAddressGuard.refusingNonPublic().check("metadata.test", List.of(nat64)))
			.withMessage("refused: metadata.test resolves to the non-public address 64:ff9b:0:0:0:0:a9fe:a9fe "
					+ "(carrying 169.254.169.254); allow it with webhooks.http.allowed-networks="
					+ "64:ff9b:0:0:0:0:a9fe:a9fe/128, or every non-public address with "
					+ "webhooks.http.allow-private-addresses=true")
			.satisfies((refusal) -> {
				assertThat(refusal.host()).isEqualTo("metadata.test");
				assertThat(refusal.address()).isEqualTo(nat64);
			});
	}

}
