package dev.webhooks.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import dev.webhooks.signing.SignatureVerificationException;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.StandardWebhookHeaders;
import dev.webhooks.signing.WebhookSecret;

/**
 * A minimal receiver on the loopback interface, as a user's receiver would be: it reads the body, verifies the
 * Standard Webhooks signature of every signed request (401 when it does not match) and answers 204. Requests of
 * the raw client's limit (unsigned, or with fixed header values from {@link #UNCHECKED_SOURCE}) are read and
 * answered without a check. It counts the requests it accepted and,
 * while recording, notes when each message id arrived.
 */
final class LocalReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService threads;

	private final AtomicLong received = new AtomicLong();

	private volatile Map<String, Long> arrivals;

	/** The {@code webhook-source} of the raw client's fixed headers, whose signature is not a real one. */
	static final String UNCHECKED_SOURCE = "raw";

	private final SignatureVerifier verifier = new SignatureVerifier();

	private final List<WebhookSecret> secrets;

	private final AtomicLong refused = new AtomicLong();

	LocalReceiver(int threads, String secret) throws IOException {
		this.secrets = List.of(WebhookSecret.parse(secret));
		this.threads = Executors.newFixedThreadPool(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "receiver");
			thread.setDaemon(true);
			return thread;
		});
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
		this.server.setExecutor(this.threads);
		this.server.createContext("/hooks", (exchange) -> {
			long arrivedAt = System.nanoTime();
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			Headers headers = exchange.getRequestHeaders();
			String id = headers.getFirst(StandardWebhookHeaders.WEBHOOK_ID);
			String signature = headers.getFirst(StandardWebhookHeaders.WEBHOOK_SIGNATURE);
			if (signature != null && !UNCHECKED_SOURCE.equals(headers.getFirst(StandardWebhookHeaders.WEBHOOK_SOURCE))) {
				try {
					this.verifier.verify(id, headers.getFirst(StandardWebhookHeaders.WEBHOOK_TIMESTAMP), signature, body,
							this.secrets);
				}
				catch (SignatureVerificationException ex) {
					this.refused.incrementAndGet();
					exchange.sendResponseHeaders(401, -1);
					exchange.close();
					return;
				}
			}
			Map<String, Long> recording = this.arrivals;
			if (recording != null && id != null) {
				recording.putIfAbsent(id, arrivedAt);
			}
			this.received.incrementAndGet();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks";
	}

	/** Signed requests whose signature did not verify; a benchmark that sees any fails. */
	long refused() {
		return this.refused.get();
	}

	long received() {
		return this.received.get();
	}

	/** Starts noting arrival times ({@link System#nanoTime()}) by {@code webhook-id}; returns the live map. */
	Map<String, Long> record() {
		Map<String, Long> recording = new ConcurrentHashMap<>();
		this.arrivals = recording;
		return recording;
	}

	void stopRecording() {
		this.arrivals = null;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
