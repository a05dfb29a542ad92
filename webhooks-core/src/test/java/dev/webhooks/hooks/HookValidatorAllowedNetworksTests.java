package dev.webhooks.hooks;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.webhooks.hooks.payload.HookPayloadSerializers;
import dev.webhooks.net.NetworkRange;
import dev.webhooks.net.PrivateAddressGuard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HookValidatorAllowedNetworksTests {

	private final HookValidator validator = new HookValidator(
			new EntityTypes(Map.of("Customer", Set.of("id", "name"))), Set.of(),
			HookPayloadSerializers.of(Map.of()),
			PrivateAddressGuard.allowing(List.of(NetworkRange.parse("10.20.0.0/16"))));

	@Test
	void acceptsAUrlInAnAllowedNetworkAndTheNat64AddressCarryingOne() {
		assertThat(this.validator.validate(HookDefinition.builder("crm", "Customer", "http://10.20.1.2/hooks").build())
			.url()).isEqualTo("http://10.20.1.2/hooks");
		assertThat(this.validator
			.validate(HookDefinition.builder("crm", "Customer", "http://[64:ff9b::a14:102]/hooks").build())
			.url()).isEqualTo("http://[64:ff9b::a14:102]/hooks");
	}

	@Test
	void refusesAUrlOutsideTheAllowedNetworksNamingTheNetworkThatWouldAllowIt() {
		assertThatExceptionOfType(InvalidHookException.class)
			.isThrownBy(() -> this.validator
				.validate(HookDefinition.builder("crm", "Customer", "http://10.21.1.2/hooks").build()))
			.withMessageContaining("webhooks.http.allowed-networks includes 10.21.1.2/32");
	}

}
