package dev.webhooks.autoconfigure.realtime;

import java.util.Map;

import dev.webhooks.autoconfigure.InvalidPropertyValues;
import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.realtime.pusher.PusherRealtimeTransport;
import dev.webhooks.realtime.pusher.PusherWebhook;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RealtimePropertiesTests {

	private static final String[] PUSHER = { "webhooks.realtime.pusher.app-id=1", "webhooks.realtime.pusher.key=k",
			"webhooks.realtime.pusher.secret=very-secret" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultValuesAreConsistent() {
		RealtimeProperties properties = new RealtimeProperties();
		PusherRealtimeTransport.Settings pusher = PusherRealtimeTransport.Settings.DEFAULTS;
		assertThat(properties.getPusher().getMaxMessageSize().toBytes()).isEqualTo(pusher.maxMessageSize());
		assertThat(properties.getPusher().getBatchSize()).isEqualTo(pusher.batchSize());
		assertThat(properties.getPusher().getOccupancy().getResyncInterval()).isEqualTo(pusher.resyncInterval());
		assertThat(properties.getPusher().getWebhookTolerance()).isEqualTo(PusherWebhook.DEFAULT_TOLERANCE);
		assertThat(properties.getSse().getMaxConnectionsPerClient()).isBetween(1, properties.getSse().getMaxConnections());
		properties.validate();
	}

	@Test
	void everyInvalidValueFailsTheStartUpNamingItsProperty() {
		Map<String, String> invalid = Map.ofEntries(Map.entry("webhooks.realtime.queue-capacity", "0"),
				Map.entry("webhooks.realtime.connection-id-header", " "),
				Map.entry("webhooks.realtime.sse.path", "events"),
				Map.entry("webhooks.realtime.sse.heartbeat-interval", "0s"),
				Map.entry("webhooks.realtime.sse.timeout", "-1m"),
				Map.entry("webhooks.realtime.sse.max-connections", "0"),
				Map.entry("webhooks.realtime.sse.max-connections-per-client", "0"),
				Map.entry("webhooks.realtime.sse.client-buffer", "0"),
				Map.entry("webhooks.realtime.sse.writer-threads", "0"),
				Map.entry("webhooks.realtime.sse.poll-interval", "0ms"));
		InvalidPropertyValues.assertEachFailsNamingItsProperty(this.runner, invalid, null);
	}

	@Test
	void aClientMayNotHaveMoreConnectionsThanTheInstance() {
		this.runner
			.withPropertyValues("webhooks.realtime.sse.max-connections=4",
					"webhooks.realtime.sse.max-connections-per-client=5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageStartingWith("webhooks.realtime.sse.max-connections-per-client:")
				.hasMessageContaining("webhooks.realtime.sse.max-connections (4)"));
		this.runner
			.withPropertyValues("webhooks.realtime.sse.max-connections=4",
					"webhooks.realtime.sse.max-connections-per-client=4")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void pusherSettingsAreCheckedOnceAnAppIdIsSetWithoutEchoingTheSecret() {
		Map<String, String> invalid = Map.of("webhooks.realtime.pusher.key", " ",
				"webhooks.realtime.pusher.max-message-size", "0B", "webhooks.realtime.pusher.batch-size", "0",
				"webhooks.realtime.pusher.request-timeout", "0s", "webhooks.realtime.pusher.webhook-path", "hook",
				"webhooks.realtime.pusher.auth-path", "auth", "webhooks.realtime.pusher.occupancy.resync-interval",
				"-1s", "webhooks.realtime.pusher.webhook-tolerance", "0s");
		InvalidPropertyValues.assertEachFailsNamingItsProperty(this.runner.withPropertyValues(PUSHER), invalid,
				"very-secret");
		this.runner.withPropertyValues("webhooks.realtime.pusher.batch-size=0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RealtimeProperties.class)
	static class PropertiesConfiguration {

	}

}
