package dev.webhooks.autoconfigure.realtime;

import java.util.List;

import javax.sql.DataSource;

import com.pusher.rest.Pusher;
import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.WebhooksAutoConfiguration;
import dev.webhooks.realtime.LocalRealtimeTransport;
import dev.webhooks.realtime.RealtimeDispatcher;
import dev.webhooks.realtime.RealtimeEventFactory;
import dev.webhooks.realtime.RealtimeTransport;
import dev.webhooks.realtime.jdbc.JdbcRealtimeBroadcast;
import dev.webhooks.realtime.pusher.ChannelOccupancy;
import dev.webhooks.realtime.pusher.InMemoryChannelOccupancy;
import dev.webhooks.realtime.pusher.PusherRealtimeTransport;
import dev.webhooks.spring.realtime.PusherWebhookController;
import dev.webhooks.spring.realtime.RealtimeSubscriptionController;
import dev.webhooks.spring.realtime.SseChannelHub;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class RealtimeAutoConfigurationTests {

	private static final String[] PUSHER = { "webhooks.realtime.pusher.app-id=1", "webhooks.realtime.pusher.key=k",
			"webhooks.realtime.pusher.secret=s" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhooksAutoConfiguration.class, RealtimeAutoConfiguration.class));

	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhooksAutoConfiguration.class, RealtimeAutoConfiguration.class));

	@Test
	void aPlainApplicationGetsThePipelineButNoEndpointsOrPusher() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RealtimeDispatcher.class)
				.hasSingleBean(RealtimeEventFactory.class)
				.doesNotHaveBean(SseChannelHub.class)
				.doesNotHaveBean(Pusher.class)
				.doesNotHaveBean(RealtimeTransport.class);
		});
	}

	@Test
	void anApplicationWithoutWebServerButWithADatabaseStillBroadcastsItsChangesToTheWebInstances() {
		this.runner.withBean(DataSource.class, JdbcDataSource::new).run((context) -> {
			assertThat(context.getBean("sseRealtimeTransport")).isInstanceOf(JdbcRealtimeBroadcast.class);
			assertThat(context).doesNotHaveBean(SseChannelHub.class);
		});
		this.runner.withBean(DataSource.class, JdbcDataSource::new)
			.withPropertyValues("webhooks.realtime.sse.broadcast=local")
			.run((context) -> assertThat(context).doesNotHaveBean(RealtimeTransport.class));
	}

	@Test
	void aWebApplicationWithADatabaseButNoRealtimeEntitiesNeverPollsTheBroadcastTable() {
		this.webRunner.withBean(DataSource.class, JdbcDataSource::new).run((context) -> {
			Object transport = context.getBean("sseRealtimeTransport");
			assertThat(transport).isInstanceOf(RealtimeBroadcastPoller.class);
			assertThat(((RealtimeBroadcastPoller) transport).isRunning()).isFalse();
		});
	}

	@Test
	void theSwitchTurnsEverythingOff() {
		this.webRunner.withPropertyValues("webhooks.realtime.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RealtimeDispatcher.class).doesNotHaveBean(SseChannelHub.class);
		});
		this.webRunner.withPropertyValues("webhooks.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RealtimeDispatcher.class);
		});
	}

	@Test
	void aWebApplicationWithoutDatabaseServesServerSentEventsToItsOwnSubscribers() {
		this.webRunner.run((context) -> {
			assertThat(context).hasSingleBean(SseChannelHub.class)
				.hasSingleBean(RealtimeSubscriptionController.class);
			assertThat(context.getBean("sseRealtimeTransport")).isInstanceOf(LocalRealtimeTransport.class);
		});
	}

	@Test
	void aDatabaseBroadcastWithoutADataSourceFailsNamingTheProperty() {
		this.webRunner.withPropertyValues("webhooks.realtime.sse.broadcast=database").run((context) -> {
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageContaining("webhooks.realtime.sse.broadcast");
		});
	}

	@Test
	void invalidLimitsFailNamingTheProperty() {
		this.webRunner.withPropertyValues("webhooks.realtime.sse.client-buffer=0").run((context) -> {
			assertThat(context).getFailure().rootCause().hasMessageContaining("webhooks.realtime.sse.client-buffer");
		});
		this.runner.withPropertyValues("webhooks.realtime.queue-capacity=0").run((context) -> {
			assertThat(context).getFailure().rootCause().hasMessageContaining("webhooks.realtime.queue-capacity");
		});
	}

	@Test
	void pusherNeedsItsKeyAndSecretOnceAnAppIdIsSet() {
		this.runner.withPropertyValues("webhooks.realtime.pusher.app-id=1", "webhooks.realtime.pusher.key=k")
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidWebhooksPropertyException.class)
					.hasMessageContaining("webhooks.realtime.pusher.secret");
			});
	}

	@Test
	void aConfiguredPusherAppAddsItsTransportToTheDispatcher() {
		this.runner.withPropertyValues(PUSHER).run((context) -> {
			assertThat(context).hasSingleBean(Pusher.class)
				.hasSingleBean(PusherRealtimeTransport.class)
				.doesNotHaveBean(ChannelOccupancy.class);
			assertThat(context.getBeansOfType(RealtimeTransport.class)).hasSize(1);
		});
	}

	@Test
	void theOccupancyOptimisationKeepsChannelsInMemoryWithoutACacheManagerAndServesTheWebhook() {
		this.webRunner.withPropertyValues(PUSHER)
			.withPropertyValues("webhooks.realtime.pusher.occupancy.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(InMemoryChannelOccupancy.class)
					.hasSingleBean(PusherWebhookController.class);
			});
	}

	@Test
	void userBeansReplaceTheLibrarys() {
		Pusher own = new Pusher("9", "key", "secret");
		RealtimeDispatcher dispatcher = new RealtimeDispatcher(List.of(), 1);
		this.runner.withPropertyValues(PUSHER)
			.withBean(Pusher.class, () -> own)
			.withBean(RealtimeDispatcher.class, () -> dispatcher)
			.run((context) -> {
				assertThat(context.getBean(Pusher.class)).isSameAs(own);
				assertThat(context.getBean(RealtimeDispatcher.class)).isSameAs(dispatcher);
			});
	}

	@Test
	void customizersTuneTheSharedPusherClient() {
		this.runner.withPropertyValues(PUSHER)
			.withBean(PusherCustomizer.class, () -> (pusher) -> pusher.setHost("pusher.internal:8080"))
			.run((context) -> assertThat(context.getBean(Pusher.class).signedUri("GET", "/x", null).getHost())
				.isEqualTo("pusher.internal"));
	}

}
