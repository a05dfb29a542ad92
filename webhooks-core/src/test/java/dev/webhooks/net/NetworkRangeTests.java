package dev.webhooks.net;

import java.io.IOException;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NetworkRangeTests {

	@ParameterizedTest
	@CsvSource({ "10.0.0.0/8, 10.0.0.1, true", "10.0.0.0/8, 10.255.255.255, true", "10.0.0.0/8, 11.0.0.1, false",
			"10.20.0.0/16, 10.20.3.4, true", "10.20.0.0/16, 10.21.0.1, false", "172.16.0.0/12, 172.31.0.1, true",
			"172.16.0.0/12, 172.32.0.1, false", "127.0.0.1, 127.0.0.1, true", "127.0.0.1/32, 127.0.0.2, false",
			"0.0.0.0/0, 8.8.8.8, true", "fd00::/8, fd12:3456::1, true", "fd00::/8, fe80::1, false",
			"fd00:1234::/32, fd00:1234:ffff::1, true", "fd00:1234::/32, fd00:1235::1, false", "::1/128, ::1, true",
			"10.0.0.0/8, fd00::1, false", "fd00::/8, 10.0.0.1, false", "10.0.0.0/9, 10.127.255.255, true",
			"10.0.0.0/9, 10.128.0.0, false" })
	void containsTheAddressesOfItsNetworkOnly(String cidr, String address, boolean contained) throws IOException {
		assertThat(NetworkRange.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(contained);
	}

	@Test
	void printsItselfInCidrNotation() throws IOException {
		assertThat(NetworkRange.parse(" 10.20.0.0/16 ")).hasToString("10.20.0.0/16");
		assertThat(NetworkRange.parse("127.0.0.1")).hasToString("127.0.0.1/32");
		assertThat(NetworkRange.of(InetAddress.getByName("::1"))).hasToString("0:0:0:0:0:0:0:1/128");
		assertThat(NetworkRange.parse("10.0.0.0/8")).isEqualTo(NetworkRange.parse("10.0.0.0/8"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "example.com/24", "10.0.0/8", "", "10.0.0.0/", "10.0.0.0/33",
			"10.0.0.0/-1", "fd00::/129", "10.0.0.0/8/8", "300.1.1.1/32" })
	void refusesWhatIsNotANetworkInCidrNotation(String cidr) {
		assertThatIllegalArgumentException().isThrownBy(() -> NetworkRange.parse(cidr)).withMessageContaining(cidr);
	}

	@Test
	void refusesBitsSetPastThePrefixAndNamesTheNetworkMeant() {
		assertThatIllegalArgumentException().isThrownBy(() -> NetworkRange.parse("10.1.2.3/8"))
			.withMessage("'10.1.2.3/8' has bits set past its prefix length; the network is 10.0.0.0/8");
	}

}
