package dev.webhooks.integration.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.webhooks.integration.tracing.receiver.TracedReceiverApplication;
import dev.webhooks.integration.tracing.sender.TracedSenderApplication;
import dev.webhooks.observation.WebhooksObservations;
import dev.webhooks.testing.TestDatabase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sending application with OpenTelemetry tracing on the database under test, and a receiving application on H2,
 * over real HTTP: one request to the sender that saves an entity and the receiver's handler end in one trace, with
 * each dispatch attempt between them as its own spans.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTracingIntegrationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");

	private TestDatabase database;

	private ConfigurableApplicationContext receiver;

	private ConfigurableApplicationContext sender;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void startApplications() {
		this.database = TestDatabase.create(databaseKind());
		this.receiver = new SpringApplicationBuilder(TracedReceiverApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.application.name=receiver",
					"spring.datasource.url=jdbc:h2:mem:traced-receiver-" + UUID.randomUUID(),
					"spring.jpa.hibernate.ddl-auto=create-drop", "management.tracing.sampling.probability=1.0", "management.observations.enable.spring.security=false",
					"webhooks.app-id=receiver", "webhooks.servers.sender.secret=" + SECRET,
					"webhooks.dispatch.enabled=false")
			.run();
		int receiverPort = ((WebServerApplicationContext) this.receiver).getWebServer().getPort();
		this.sender = new SpringApplicationBuilder(TracedSenderApplication.class).web(WebApplicationType.SERVLET)
			.properties(this.database.springProperties())
			.properties("server.port=0", "spring.application.name=sender", "spring.jpa.hibernate.ddl-auto=create-drop",
					"management.tracing.sampling.probability=1.0", "management.observations.enable.spring.security=false", "webhooks.app-id=sender",
					"webhooks.servers.receiver.url=http://localhost:" + receiverPort + "/webhooks/receive",
					"webhooks.servers.receiver.secret=" + SECRET, "webhooks.http.allow-private-addresses=true",
					"webhooks.dispatch.poll-interval=100ms", "webhooks.retry.initial-interval=200ms",
					"webhooks.dispatch.breaker.enabled=false",
					"webhooks.retry.multiplier=1.0", "webhooks.retry.jitter=0")
			.run();
	}

	@AfterAll
	void stopApplications() {
		if (this.sender != null) {
			this.sender.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void aRequestToTheSenderAndTheReceiversHandlerEndInOneTraceWithEachAttemptAsItsOwnSpans() throws Exception {
		TracedReceiverApplication.ParcelHandler handler = this.receiver
			.getBean(TracedReceiverApplication.ParcelHandler.class);
		// the exporter is shared by every tracing test class in this JVM: start from an empty one
		TracingTestSpans.EXPORTER.reset();
		// a first parcel warms both applications up, so that the durations of the trace below are typical
		postParcel("warm-up");
		await().atMost(Duration.ofSeconds(20)).until(() -> handler.received().size() == 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> named("deliver parcels.created").size() == 1);
		handler.failures().set(1);
		TracingTestSpans.EXPORTER.reset();

		postParcel("fragile");
		await().atMost(Duration.ofSeconds(20)).until(() -> handler.received().size() == 2);
		// an attempt's span ends once its outcome is decided, just after the receiver answered
		await().atMost(Duration.ofSeconds(10)).until(() -> named("deliver parcels.created").size() == 2);

		SpanData request = single(named("http post /parcels"));
		List<SpanData> trace = TracingTestSpans.EXPORTER.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getTraceId().equals(request.getTraceId()))
			.toList();
		System.out.println("The spans of one traced change, as printed by " + getClass().getSimpleName() + ":\n"
				+ dump(trace));

		assertThat(request.getParentSpanContext().isValid()).as("the request starts the trace").isFalse();
		assertThat(service(request)).isEqualTo("sender");
		SpanData capture = single(inTrace(trace, "capture parcels.created"));
		assertThat(capture.getKind()).isEqualTo(SpanKind.PRODUCER);
		assertThat(capture.getParentSpanId()).isEqualTo(request.getSpanId());
		String webhookId = attribute(capture, WebhooksObservations.WEBHOOK_ID);
		assertThat(webhookId).isNotBlank();

		List<SpanData> attempts = inTrace(trace, "deliver parcels.created");
		assertThat(attempts).as("both attempts continue the trace of the request").hasSize(2);
		assertThat(attempts).allSatisfy((attempt) -> {
			assertThat(attempt.getKind()).isEqualTo(SpanKind.CONSUMER);
			assertThat(attempt.getParentSpanId()).as("an attempt is a child of the capture")
				.isEqualTo(capture.getSpanId());
			assertThat(attribute(attempt, WebhooksObservations.TARGET)).isEqualTo("receiver");
			assertThat(attribute(attempt, WebhooksObservations.WEBHOOK_ID)).isEqualTo(webhookId);
		});
		assertThat(attempts).extracting((attempt) -> attribute(attempt, WebhooksObservations.ATTEMPT))
			.containsExactly("1", "2");
		assertThat(attempts).extracting((attempt) -> attribute(attempt, WebhooksObservations.OUTCOME))
			.containsExactly("retried", "succeeded");

		List<SpanData> requests = inTrace(trace, "POST receiver");
		assertThat(requests).hasSize(2);
		assertThat(requests).extracting((span) -> attribute(span, WebhooksObservations.STATUS_CLASS))
			.containsExactly("5xx", "2xx");
		List<SpanData> served = inTrace(trace, "http post /webhooks/receive");
		List<SpanData> received = inTrace(trace, "receive parcels.created");
		assertThat(served).hasSize(2);
		assertThat(received).hasSize(2);
		for (int i = 0; i < 2; i++) {
			assertThat(requests.get(i).getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(requests.get(i).getParentSpanId()).isEqualTo(attempts.get(i).getSpanId());
			assertThat(service(served.get(i))).isEqualTo("receiver");
			assertThat(served.get(i).getParentSpanId()).as("the receiver continues the trace from traceparent")
				.isEqualTo(requests.get(i).getSpanId());
			assertThat(received.get(i).getParentSpanId()).isEqualTo(served.get(i).getSpanId());
			assertThat(attribute(received.get(i), WebhooksObservations.WEBHOOK_ID)).isEqualTo(webhookId);
		}
		assertThat(received).extracting((span) -> attribute(span, WebhooksObservations.OUTCOME))
			.containsExactly("rejected", "handled");
	}

	private void postParcel(String label) throws Exception {
		int senderPort = ((WebServerApplicationContext) this.sender).getWebServer().getPort();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + senderPort + "/parcels"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"" + label + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	private static List<SpanData> named(String name) {
		return TracingTestSpans.EXPORTER.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.toList();
	}

	private static List<SpanData> inTrace(List<SpanData> trace, String name) {
		return trace.stream()
			.filter((span) -> span.getName().equals(name))
			.sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
			.toList();
	}

	private static SpanData single(List<SpanData> spans) {
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private static String attribute(SpanData span, String key) {
		return span.getAttributes().get(AttributeKey.stringKey(key));
	}

	private static String service(SpanData span) {
		return span.getResource().getAttribute(SERVICE);
	}

	/** The trace as a tree: service, kind, name, start offset and duration, and the library's tags. */
	static String dump(List<SpanData> trace) {
		Map<String, List<SpanData>> children = trace.stream()
			.sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
			.collect(Collectors.groupingBy(SpanData::getParentSpanId, java.util.LinkedHashMap::new,
					Collectors.toList()));
		long start = trace.stream().mapToLong(SpanData::getStartEpochNanos).min().orElse(0);
		List<String> lines = new ArrayList<>();
		List<SpanData> roots = trace.stream()
			.filter((span) -> trace.stream().noneMatch((other) -> other.getSpanId().equals(span.getParentSpanId())))
			.toList();
		roots.forEach((root) -> dump(root, "", "", children, start, lines));
		return String.join("\n", lines);
	}

	private static void dump(SpanData span, String prefix, String childPrefix, Map<String, List<SpanData>> children,
			long start, List<String> lines) {
		String tags = span.getAttributes()
			.asMap()
			.entrySet()
			.stream()
			.filter((entry) -> List.of(WebhooksObservations.ATTEMPT, WebhooksObservations.OUTCOME,
					WebhooksObservations.STATUS_CLASS)
				.contains(entry.getKey().getKey()))
			.map((entry) -> entry.getKey().getKey() + "=" + entry.getValue())
			.sorted()
			.collect(Collectors.joining(" "));
		String label = prefix + service(span) + " " + span.getKind().name().toLowerCase(java.util.Locale.ROOT) + " "
				+ span.getName();
		lines.add(String.format(java.util.Locale.ROOT, "%-62s +%7.1f ms %7.1f ms  %s", label,
				(span.getStartEpochNanos() - start) / 1e6, (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6,
				tags).stripTrailing());
		List<SpanData> kids = children.getOrDefault(span.getSpanId(), List.of());
		for (int i = 0; i < kids.size(); i++) {
			boolean last = i == kids.size() - 1;
			dump(kids.get(i), childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  "), children,
					start, lines);
		}
	}

}
