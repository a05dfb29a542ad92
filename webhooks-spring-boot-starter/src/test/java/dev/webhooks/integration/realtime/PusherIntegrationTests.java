package dev.webhooks.integration.realtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.webhooks.integration.realtime.app.LiveApplication;
import dev.webhooks.realtime.pusher.ChannelOccupancy;
import dev.webhooks.realtime.pusher.PusherApiRequests;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application pushing to Pusher, with a local HTTP server standing in for Pusher's API, and Pusher's webhooks
 * sent to the application over real HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PusherIntegrationTests {

	private static final String APP_ID = "4711";

	private static final String KEY = "app-key";

	private static final String SECRET = "app-secret-of-some-length";

	private static final MediaType JSON_TYPE = MediaType.get("application/json");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OkHttpClient http = new OkHttpClient();

	private MockWebServer pusherApi;

	private volatile String occupiedListing = "{\"channels\":{}}";

	private ConfigurableApplicationContext application;

	@BeforeAll
	void start() throws IOException {
		this.pusherApi = new MockWebServer();
		this.pusherApi.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String body = request.getMethod().equals("GET") ? PusherIntegrationTests.this.occupiedListing : "{}";
				return new MockResponse.Builder().code(200).body(body).build();
			}

		});
		this.pusherApi.start();
		this.application = new SpringApplicationBuilder(LiveApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.datasource.url=jdbc:h2:mem:pusher-" + UUID.randomUUID(),
					"spring.jpa.hibernate.ddl-auto=create-drop", "webhooks.app-id=pusher-test",
					"webhooks.realtime.pusher.app-id=" + APP_ID, "webhooks.realtime.pusher.key=" + KEY,
					"webhooks.realtime.pusher.secret=" + SECRET,
					"webhooks.realtime.pusher.host=127.0.0.1:" + this.pusherApi.getPort(),
					"webhooks.realtime.pusher.use-tls=false", "webhooks.realtime.pusher.occupancy.enabled=true",
					// every unknown channel asks Pusher again, so each test starts from its own listing
					"webhooks.realtime.pusher.occupancy.resync-interval=1ms",
					"spring.cache.cache-names=webhooks-pusher-channels")
			.run();
	}

	@AfterAll
	void stop() throws IOException {
		if (this.application != null) {
			this.application.close();
		}
		this.pusherApi.close();
	}

	@BeforeEach
	void forgetOccupancy() throws InterruptedException {
		this.application.getBean(CacheManager.class).getCache("webhooks-pusher-channels").clear();
		while (this.pusherApi.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
			// requests of an earlier test
		}
	}

	@Test
	void aCommittedChangeIsTriggeredWithASignedRequestLeavingOutTheCallersSocket() throws Exception {
		this.occupiedListing = "{\"channels\":{\"invoices\":{},\"private-tenant-3\":{}}}";

		createInvoice(3, "17.42");

		RecordedRequest resync = this.pusherApi.takeRequest(10, TimeUnit.SECONDS);
		assertThat(resync.getUrl().encodedPath()).as("channels never seen are looked up")
			.isEqualTo("/apps/" + APP_ID + "/channels");
		RecordedRequest trigger = resync;
		while (trigger.getMethod().equals("GET")) {
			trigger = this.pusherApi.takeRequest(10, TimeUnit.SECONDS);
		}
		assertThat(trigger.getUrl().encodedPath()).isEqualTo("/apps/" + APP_ID + "/events");
		PusherApiRequests.assertSigned(trigger, KEY, SECRET);
		JsonNode body = JSON.readTree(trigger.getBody().utf8());
		assertThat(body.get("name").asString()).isEqualTo("invoice.created");
		assertThat(body.get("channels").values()).extracting(JsonNode::asString)
			.containsExactly("invoices", "private-tenant-3");
		assertThat(body.get("socket_id").asString()).isEqualTo("17.42");
		JsonNode data = JSON.readTree(body.get("data").asString());
		assertThat(data.get("number").asString()).isEqualTo("P-3");
		assertThat(data.has("internalNote")).isFalse();
	}

	@Test
	void occupancyWebhooksWithAGoodSignatureMakePushesSkipVacatedChannels() throws Exception {
		String events = "{\"time_ms\":" + now() + ",\"events\":[{\"name\":\"channel_vacated\",\"channel\":\"invoices\"},"
				+ " {\"name\":\"channel_occupied\",\"channel\":\"private-tenant-4\"}]}";
		try (Response response = postWebhook(events, KEY, sign(events))) {
			assertThat(response.code()).isEqualTo(200);
		}
		ChannelOccupancy occupancy = this.application.getBean(ChannelOccupancy.class);
		assertThat(occupancy.isOccupied("invoices")).isFalse();
		assertThat(occupancy.isOccupied("private-tenant-4")).isTrue();

		createInvoice(4, null);

		RecordedRequest trigger = this.pusherApi.takeRequest(10, TimeUnit.SECONDS);
		assertThat(trigger.getMethod()).as("both channels known: no re-sync").isEqualTo("POST");
		assertThat(JSON.readTree(trigger.getBody().utf8()).get("channels").values()).extracting(JsonNode::asString)
			.containsExactly("private-tenant-4");
	}

	@Test
	void aWebhookWithAWrongOrMissingSignatureIsRefusedWith401AndChangesNothing() throws IOException {
		long now = now();
		String events = "{\"time_ms\":" + now + ",\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"forged\"}]}";
		String reserialized = "{\"time_ms\": " + now
				+ ", \"events\": [{\"name\": \"channel_occupied\", \"channel\": \"forged\"}]}";

		for (Response response : new Response[] { postWebhook(events, KEY, sign(reserialized)),
				postWebhook(events, KEY, null), postWebhook(events, null, sign(events)),
				postWebhook(events, "another-key", sign(events)) }) {
			try (response) {
				assertThat(response.code()).isEqualTo(401);
				assertThat(response.header("Content-Type")).startsWith("application/problem+json");
				assertThat(JSON.readTree(response.body().string()).get("status").asInt()).isEqualTo(401);
			}
		}
		assertThat(this.application.getBean(ChannelOccupancy.class).isOccupied("forged")).isNull();
	}

	@Test
	void aCorrectlySignedWebhookOlderThanTheToleranceIsRefusedWith400AndChangesNothing() throws IOException {
		long monthAgo = now() - Duration.ofDays(30).toMillis();
		String events = "{\"time_ms\":" + monthAgo
				+ ",\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"replayed\"}]}";
		try (Response response = postWebhook(events, KEY, sign(events))) {
			assertThat(response.code()).isEqualTo(400);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			JsonNode problem = JSON.readTree(response.body().string());
			assertThat(problem.get("type").asString()).isEqualTo("https://webhooks.dev/problems/realtime-stale-webhook");
			assertThat(problem.get("detail").asString()).contains("720h").contains("5m");
		}
		String future = "{\"time_ms\":" + (now() + Duration.ofHours(1).toMillis())
				+ ",\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"replayed\"}]}";
		try (Response response = postWebhook(future, KEY, sign(future))) {
			assertThat(response.code()).isEqualTo(400);
		}
		assertThat(this.application.getBean(ChannelOccupancy.class).isOccupied("replayed")).isNull();
	}

	@Test
	void privateChannelsAreAuthorizedForPusherJsOnlyWithTheAuthorizersConsent() throws Exception {
		FormBody form = new FormBody.Builder().add("socket_id", "123.456").add("channel_name", "private-tenant-7")
			.build();
		try (Response allowed = this.http.newCall(new Request.Builder().url(url("/realtime/pusher/auth"))
			.header("X-Tenant", "7")
			.post(form)
			.build()).execute()) {
			assertThat(allowed.code()).isEqualTo(200);
			String expected = KEY + ":" + hmac("123.456:private-tenant-7");
			assertThat(JSON.readTree(allowed.body().string()).get("auth").asString()).isEqualTo(expected);
		}
		try (Response refused = this.http.newCall(new Request.Builder().url(url("/realtime/pusher/auth"))
			.header("X-Tenant", "8")
			.post(form)
			.build()).execute()) {
			assertThat(refused.code()).isEqualTo(403);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		}
	}

	private void createInvoice(long tenant, String socketId) throws IOException {
		Request.Builder request = new Request.Builder().url(url("/invoices"))
			.post(RequestBody.create("{\"tenantId\":" + tenant + ",\"number\":\"P-" + tenant + "\",\"amount\":1}",
					JSON_TYPE));
		if (socketId != null) {
			request.header("X-Pusher-Socket-Id", socketId);
		}
		try (Response response = this.http.newCall(request.build()).execute()) {
			assertThat(response.code()).isEqualTo(200);
		}
	}

	private Response postWebhook(String body, String key, String signature) throws IOException {
		Request.Builder request = new Request.Builder().url(url("/realtime/pusher/webhooks"))
			.post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON_TYPE));
		if (key != null) {
			request.header("X-Pusher-Key", key);
		}
		if (signature != null) {
			request.header("X-Pusher-Signature", signature);
		}
		return this.http.newCall(request.build()).execute();
	}

	private long now() {
		return this.application.getBean(Clock.class).millis();
	}

	private static String sign(String body) {
		return hmac(body);
	}

	private static String hmac(String value) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String url(String path) {
		return "http://localhost:" + ((WebServerApplicationContext) this.application).getWebServer().getPort() + path;
	}

}
