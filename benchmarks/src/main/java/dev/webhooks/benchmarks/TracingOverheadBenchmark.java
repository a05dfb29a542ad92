package dev.webhooks.benchmarks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.webhooks.capture.CaptureFailurePolicy;
import dev.webhooks.capture.CaptureObserver;
import dev.webhooks.capture.TransactionBuffer;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.Endpoint;
import dev.webhooks.dispatch.ExponentialBackoffRetryPolicy;
import dev.webhooks.dispatch.InMemoryOutbox;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.message.MessageIds;
import dev.webhooks.publish.OutboxSink;
import dev.webhooks.publish.OutgoingMessage;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import tools.jackson.databind.json.JsonMapper;

/**
 * What tracing costs: the capture of a published message (no database: the outbox batch is dropped) and the dispatch
 * of in-memory deliveries to a local receiver, each with the default {@code ObservationRegistry.NOOP} and with an
 * OpenTelemetry tracer that samples every trace (spans are batched and dropped, not exported anywhere). Rounds
 * alternate which goes first.
 *
 * <pre>./mvnw -pl benchmarks -am verify -Pbenchmark -Dbenchmark.main=dev.webhooks.benchmarks.TracingOverheadBenchmark
 * [-Dbenchmark.args="captures=N deliveries=N rounds=N"]</pre>
 */
public final class TracingOverheadBenchmark {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private TracingOverheadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int captures = 20_000;
		int deliveries = 5_000;
		int rounds = 4;
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			switch (pair[0]) {
				case "captures" -> captures = Integer.parseInt(pair[1]);
				case "deliveries" -> deliveries = Integer.parseInt(pair[1]);
				case "rounds" -> rounds = Integer.parseInt(pair[1]);
				default -> throw new IllegalArgumentException("unknown argument " + arg);
			}
		}
		System.out.printf(Locale.ROOT, "Tracing overhead: %d cores, %s %s; %d rounds of %d captures and %d deliveries%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.version"), rounds, captures, deliveries);
		SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build())
			.build();
		ObservationRegistry traced = tracedRegistry(tracerProvider);
		try (LocalReceiver receiver = new LocalReceiver(8);
				OkHttpWebhookTransport transport = new OkHttpWebhookTransport(
						OkHttpTransportSettings.defaults().withAllowPrivateAddresses(true))) {
			Endpoint endpoint = new Endpoint(receiver.url(), List.of(WebhookSecret.parse(SECRET)), Map.of());
			OutboxSink sink = sink(receiver.url());
			// warm-up both ways
			for (ObservationRegistry registry : List.of(ObservationRegistry.NOOP, traced)) {
				capture(sink, registry, captures);
				dispatch(transport, endpoint, registry, deliveries);
			}
			List<double[]> captureUs = new ArrayList<>();
			List<double[]> dispatchRates = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				boolean tracedFirst = round % 2 == 1;
				double[] capture = new double[2];
				double[] dispatch = new double[2];
				for (int i = 0; i < 2; i++) {
					boolean tracing = (i == 0) == tracedFirst;
					ObservationRegistry registry = tracing ? traced : ObservationRegistry.NOOP;
					capture[tracing ? 1 : 0] = capture(sink, registry, captures);
					dispatch[tracing ? 1 : 0] = dispatch(transport, endpoint, registry, deliveries);
				}
				System.out.printf(Locale.ROOT,
						"round %d: capture %.2f µs without a tracer, %.2f µs with; dispatch %,.0f/s without, %,.0f/s"
								+ " with%n",
						round + 1, capture[0], capture[1], dispatch[0], dispatch[1]);
				captureUs.add(capture);
				dispatchRates.add(dispatch);
			}
			double captureWithout = median(captureUs, 0);
			double captureWith = median(captureUs, 1);
			double dispatchWithout = median(dispatchRates, 0);
			double dispatchWith = median(dispatchRates, 1);
			System.out.println();
			System.out.println("| Figure (median of the rounds) | Without a tracer | With a tracer | Ratio |");
			System.out.println("|---|---|---|---|");
			System.out.printf(Locale.ROOT, "| Capture of one message, µs (no database) | %.2f | %.2f | %.2f |%n",
					captureWithout, captureWith, captureWith / captureWithout);
			System.out.printf(Locale.ROOT, "| Dispatch, deliveries/s (outbox in memory) | %,.0f | %,.0f | %.2f |%n",
					dispatchWithout, dispatchWith, dispatchWith / dispatchWithout);
		}
		tracerProvider.close();
		System.exit(0);
	}

	/** The registry Spring Boot builds with Micrometer Tracing on OpenTelemetry, with W3C propagation. */
	private static ObservationRegistry tracedRegistry(SdkTracerProvider tracerProvider) {
		io.opentelemetry.api.trace.Tracer otelTracer = tracerProvider.get("benchmark");
		OtelCurrentTraceContext current = new OtelCurrentTraceContext();
		OtelTracer tracer = new OtelTracer(otelTracer, current, (event) -> {
		}, new OtelBaggageManager(current, List.of(), List.of()));
		OtelPropagator propagator = new OtelPropagator(
				ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otelTracer);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
		return registry;
	}

	private static OutboxSink sink(String url) {
		PeerServers peers = new PeerServers("benchmark",
				List.of(new PeerServers.Peer("receiver", url, List.of(WebhookSecret.parse(SECRET)))));
		return new OutboxSink(peers, JsonMapper.builder().build(), () -> {
			throw new IllegalStateException("the benchmark's buffer drops the outbox batch");
		}, () -> {
		}, Clock.systemUTC(), null, CaptureObserver.NONE, CaptureFailurePolicy.FAIL_TRANSACTION);
	}

	/** Microseconds per captured message, each rendered and observed; its outbox batch is dropped. */
	private static double capture(OutboxSink sink, ObservationRegistry registry, int count) {
		sink.setObservationRegistry(registry);
		DroppingBuffer buffer = new DroppingBuffer();
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			sink.publish(new OutgoingMessage("orders.created", "orders", "created", "Order", i,
					Map.of("id", i, "total", 12.5, "customer", "ACME"), List.of()), buffer);
		}
		long elapsed = System.nanoTime() - start;
		if (buffer.items != count) {
			throw new IllegalStateException("expected " + count + " deliveries, got " + buffer.items);
		}
		return elapsed / 1e3 / count;
	}

	/** Deliveries per second sent to the local receiver from an outbox in memory. */
	private static double dispatch(OkHttpWebhookTransport transport, Endpoint endpoint, ObservationRegistry registry,
			int count) {
		InMemoryOutbox outbox = new InMemoryOutbox(Clock.systemUTC());
		List<NewDelivery> deliveries = new ArrayList<>(count);
		Clock clock = Clock.systemUTC();
		for (int i = 0; i < count; i++) {
			NewDelivery delivery = new NewDelivery(MessageIds.next(clock.instant()), Target.server("receiver"),
					endpoint.url(), "POST", Map.of(), "orders.created", "Order", Integer.toString(i),
					"{\"id\":" + i + ",\"total\":12.5}", clock.instant());
			// traced deliveries continue the trace of their capture, as captured ones do
			deliveries.add(registry.isNoop() ? delivery : delivery.withTraceContext(Map.of("traceparent",
					"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));
		}
		outbox.insert(null, deliveries);
		CountingDeliveryLeases counting = new CountingDeliveryLeases(outbox);
		DispatcherSettings settings = DispatcherSettings.defaults("bench")
			.withBatchSize(100)
			.withMaxConcurrency(64)
			.withLoggerName("bench.dispatch");
		long start;
		long end;
		try (DeliveryDispatcher dispatcher = new DeliveryDispatcher(counting, (delivery) -> Optional.of(endpoint),
				transport, new WebhookSigner(), new ExponentialBackoffRetryPolicy(), settings, clock)) {
			dispatcher.setObservationRegistry(registry);
			start = System.nanoTime();
			dispatcher.start();
			long deadline = start + TimeUnit.SECONDS.toNanos(120);
			while (counting.completed.get() < count) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("only " + counting.completed.get() + " of " + count + " sent");
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
			end = System.nanoTime();
		}
		return count / ((end - start) / 1e9);
	}

	private static double median(List<double[]> rounds, int index) {
		double[] values = rounds.stream().mapToDouble((round) -> round[index]).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	/** A transaction buffer that counts the deliveries it is given and keeps none. */
	private static final class DroppingBuffer implements TransactionBuffer {

		int items;

		@Override
		public <T> void add(Batch<T> batch, List<? extends T> items) {
			this.items += items.size();
		}

	}

	/** Ends spans nowhere: the cost measured is the tracer's, not an exporter's. */
	private static final class DroppingExporter implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
