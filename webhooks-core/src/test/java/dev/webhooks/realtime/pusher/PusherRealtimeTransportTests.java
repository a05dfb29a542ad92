package dev.webhooks.realtime.pusher;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.pusher.rest.Pusher;
import dev.webhooks.realtime.RealtimeEvent;
import dev.webhooks.realtime.RealtimePushException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Pusher transport against a local HTTP server standing in for Pusher's API: what goes over the wire, checked
 * the way Pusher checks it.
 */
class PusherRealtimeTransportTests {

	private static final String APP_ID = "4711";

	private static final String KEY = "app-key";

	private static final String SECRET = "app-secret-of-some-length";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private MockWebServer server;

	private Pusher pusher;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start();
		this.pusher = new Pusher(APP_ID, KEY, SECRET);
		this.pusher.setHost(this.server.getHostName() + ":" + this.server.getPort());
		this.pusher.setEncrypted(false);
	}

	@AfterEach
	void stopServer() throws Exception {
		this.pusher.close();
		this.server.close();
	}

	@Test
	void oneEventGoesToAllItsChannelsInOneSignedTriggerThatLeavesOutTheOriginatingSocket() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
		transport(PusherRealtimeTransport.Settings.DEFAULTS, null)
			.push(List.of(event("invoice.created", "{\"id\":1,\"total\":12.5}", "123.456", "invoices",
					"private-tenant-7")));

		RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getUrl().encodedPath()).isEqualTo("/apps/" + APP_ID + "/events");
		PusherApiRequests.assertSigned(request, KEY, SECRET);
		JsonNode body = JSON.readTree(request.getBody().utf8());
		assertThat(body.get("name").asString()).isEqualTo("invoice.created");
		assertThat(body.get("channels").values()).extracting(JsonNode::asString)
			.containsExactly("invoices", "private-tenant-7");
		assertThat(body.get("data").asString()).as("the rendered JSON, not encoded twice")
			.isEqualTo("{\"id\":1,\"total\":12.5}");
		assertThat(body.get("socket_id").asString()).isEqualTo("123.456");
	}

	@Test
	void theApplicationCanStillTriggerItsOwnObjectsThroughTheSharedClient() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
		transport(PusherRealtimeTransport.Settings.DEFAULTS, null);

		this.pusher.trigger("notices", "notice", java.util.Map.of("text", "hello"));

		JsonNode body = JSON.readTree(this.server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
		assertThat(body.get("data").asString()).isEqualTo("{\"text\":\"hello\"}");
	}

	@Test
	void severalEventsGoInSignedBatchesOfTheConfiguredSize() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
		this.server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
		transport(new PusherRealtimeTransport.Settings(10_240, 2, Duration.ofSeconds(30)), null).push(List.of(
				event("invoice.created", "{\"id\":1}", null, "invoices", "archive"),
				event("invoice.updated", "{\"id\":1}", "1.2", "invoices")));

		RecordedRequest first = this.server.takeRequest(5, TimeUnit.SECONDS);
		RecordedRequest second = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(first.getUrl().encodedPath()).isEqualTo("/apps/" + APP_ID + "/batch_events");
		PusherApiRequests.assertSigned(first, KEY, SECRET);
		PusherApiRequests.assertSigned(second, KEY, SECRET);
		JsonNode batch = JSON.readTree(first.getBody().utf8()).get("batch");
		assertThat(batch.size()).isEqualTo(2);
		assertThat(batch.get(0).get("channel").asString()).isEqualTo("invoices");
		assertThat(batch.get(1).get("channel").asString()).isEqualTo("archive");
		JsonNode last = JSON.readTree(second.getBody().utf8()).get("batch").get(0);
		assertThat(last.get("name").asString()).isEqualTo("invoice.updated");
		assertThat(last.get("socket_id").asString()).isEqualTo("1.2");
	}

	@Test
	void anEventLargerThanTheLimitIsNotSentAndNamedInTheError() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
		String large = "{\"text\":\"" + "x".repeat(200) + "\"}";
		PusherRealtimeTransport transport = transport(new PusherRealtimeTransport.Settings(100, 10,
				Duration.ofSeconds(30)), null);

		assertThatExceptionOfType(PusherMessageTooLargeException.class)
			.isThrownBy(() -> transport.push(List.of(event("note.created", large, null, "notes"),
					event("note.updated", "{\"id\":2}", null, "notes"))))
			.withMessageContaining("note.created for Entity 1 (" + large.length() + " bytes)")
			.withMessageContaining("webhooks.realtime.pusher.max-message-size")
			.satisfies((ex) -> assertThat(ex.failedEvents()).isEqualTo(1));
		JsonNode sent = JSON.readTree(this.server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).get("batch");
		assertThat(sent.size()).as("the event within the limit still goes").isEqualTo(1);
		assertThat(sent.get(0).get("name").asString()).isEqualTo("note.updated");
	}

	@Test
	void aRefusalByPusherIsReportedWithItsStatus() {
		this.server.enqueue(new MockResponse.Builder().code(401).body("Invalid signature").build());

		assertThatExceptionOfType(RealtimePushException.class)
			.isThrownBy(() -> transport(PusherRealtimeTransport.Settings.DEFAULTS, null)
				.push(List.of(event("invoice.created", "{}", null, "invoices"))))
			.withMessageContaining("401")
			.withMessageContaining("Invalid signature");
	}

	@Test
	void vacatedChannelsAreSkippedAndAnUnknownChannelTriggersOneResync() throws Exception {
		InMemoryChannelOccupancy occupancy = new InMemoryChannelOccupancy();
		occupancy.vacated("vacated");
		occupancy.occupied("occupied");
		this.server.enqueue(new MockResponse.Builder().code(200)
			.body("{\"channels\":{\"listed\":{},\"occupied\":{}}}")
			.build());
		this.server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
		PusherRealtimeTransport transport = transport(PusherRealtimeTransport.Settings.DEFAULTS, occupancy);

		transport.push(List.of(event("invoice.created", "{}", null, "vacated", "occupied", "listed", "unlisted")));

		RecordedRequest resync = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(resync.getMethod()).isEqualTo("GET");
		assertThat(resync.getUrl().encodedPath()).isEqualTo("/apps/" + APP_ID + "/channels");
		PusherApiRequests.assertSigned(resync, KEY, SECRET);
		RecordedRequest trigger = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(JSON.readTree(trigger.getBody().utf8()).get("channels").values()).extracting(JsonNode::asString)
			.containsExactly("occupied", "listed");
		assertThat(occupancy.isOccupied("unlisted")).as("recorded after the re-sync").isFalse();
		assertThat(transport.skippedCount()).isEqualTo(2);
		assertThat(occupancy.isOccupied("listed")).isTrue();

		this.server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
		transport.push(List.of(event("invoice.updated", "{}", null, "never-seen", "occupied")));
		RecordedRequest next = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(next.getMethod()).as("no second re-sync within the interval").isEqualTo("POST");
		assertThat(JSON.readTree(next.getBody().utf8()).get("channels").values()).extracting(JsonNode::asString)
			.as("a channel missing from the recent listing counts as vacated")
			.containsExactly("occupied");
	}

	@Test
	void nothingIsSentWhenEveryChannelIsVacated() {
		InMemoryChannelOccupancy occupancy = new InMemoryChannelOccupancy();
		occupancy.vacated("invoices");

		transport(PusherRealtimeTransport.Settings.DEFAULTS, occupancy)
			.push(List.of(event("invoice.created", "{}", null, "invoices")));

		assertThat(this.server.getRequestCount()).isZero();
	}

	private PusherRealtimeTransport transport(PusherRealtimeTransport.Settings settings, ChannelOccupancy occupancy) {
		return new PusherRealtimeTransport(this.pusher, settings, occupancy, JSON, Clock.systemUTC());
	}

	private static RealtimeEvent event(String name, String data, String socketId, String... channels) {
		return new RealtimeEvent(name, List.of(channels), "Entity", "1", data, socketId);
	}

}
