package dev.webhooks.spring.realtime;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SseChannelHubTests {

	private final SseChannelHub hub = new SseChannelHub(
			new SseChannelHub.Settings(3, 2, 16, Duration.ofHours(1), Duration.ofHours(1), 1),
			JsonMapper.builder().build());

	@AfterEach
	void close() {
		this.hub.close();
	}

	@Test
	void eachClientHasItsOwnShareOfTheInstancesConnections() {
		this.hub.subscribe("address:10.0.0.1", Set.of("invoices"));
		this.hub.subscribe("address:10.0.0.1", Set.of("invoices"));

		assertThatExceptionOfType(SseChannelHub.TooManyClientConnectionsException.class)
			.isThrownBy(() -> this.hub.subscribe("address:10.0.0.1", Set.of("invoices")))
			.withMessageContaining("webhooks.realtime.sse.max-connections-per-client");
		assertThat(this.hub.connectionCount()).as("a refusal holds no slot").isEqualTo(2);

		this.hub.subscribe("user:alice", Set.of("invoices"));
		assertThatExceptionOfType(SseChannelHub.TooManyConnectionsException.class)
			.as("the instance's maximum still applies")
			.isThrownBy(() -> this.hub.subscribe("user:bob", Set.of("invoices")));
		assertThat(this.hub.connectionCount("user:bob")).isZero();
		assertThat(this.hub.connectionCount("user:alice")).isEqualTo(1);
		assertThat(this.hub.connectionCount("address:10.0.0.1")).isEqualTo(2);
	}

	@Test
	void closingTheHubGivesEveryClientsSlotsBack() {
		this.hub.subscribe("user:alice", Set.of("invoices"));
		this.hub.subscribe("user:alice", Set.of("invoices"));

		this.hub.close();

		assertThat(this.hub.connectionCount()).isZero();
		assertThat(this.hub.connectionCount("user:alice")).isZero();
	}

}
