package dev.webhooks.dispatch;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;

/**
 * Measures dispatcher throughput against a local receiver, with the store in memory so only the dispatcher, the
 * signing and the HTTP client are measured. Run its {@code main} by hand; it is not a test.
 */
public final class DeliveryDispatcherBenchmark {

	private DeliveryDispatcherBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		ExecutorService receiverThreads = Executors.newFixedThreadPool(16);
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
		receiver.setExecutor(receiverThreads);
		receiver.createContext("/hooks", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				body.readAllBytes();
			}
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
		Endpoint endpoint = new Endpoint(url, List.of(WebhookSecret.parse(WebhookSecret.generate())), Map.of());
		try {
			// a first round warms up the JIT and the connection pool
			run(Math.min(count, 5_000), endpoint);
			run(count, endpoint);
		}
		finally {
			receiver.stop(0);
			receiverThreads.shutdownNow();
		}
	}

	private static void run(int count, Endpoint endpoint) throws InterruptedException {
		Clock clock = Clock.systemUTC();
		InMemoryDeliveryStore store = new InMemoryDeliveryStore(clock);
		List<NewDelivery> deliveries = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			deliveries.add(new NewDelivery("msg_" + i, "bench", endpoint.url(), "POST", Map.of(), "bench.event", null,
					null, "{\"type\":\"bench.event\",\"data\":{\"id\":" + i + ",\"name\":\"some entity name\"}}",
					clock.instant()));
		}
		store.add(deliveries);
		try (OkHttpWebhookTransport transport = new OkHttpWebhookTransport(OkHttpTransportSettings.defaults().withAllowPrivateAddresses(true));
				DeliveryDispatcher dispatcher = new DeliveryDispatcher(store, (delivery) -> Optional.of(endpoint),
						transport, new WebhookSigner(), new ExponentialBackoffRetryPolicy(),
						DispatcherSettings.defaults("bench"), clock)) {
			long start = System.nanoTime();
			dispatcher.start();
			while (store.count(DeliveryStatus.SUCCEEDED) < count) {
				Thread.sleep(5);
			}
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			System.out.printf("%d deliveries in %d ms: %.0f/s (%d claims, %d completion batches)%n", count,
					took.toMillis(), count / (took.toNanos() / 1e9), store.claimCalls(), store.completeCalls());
		}
	}

}
