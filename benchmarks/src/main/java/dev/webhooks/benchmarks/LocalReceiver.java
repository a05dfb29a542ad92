package dev.webhooks.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

import dev.webhooks.signing.StandardWebhookHeaders;

/**
 * A minimal receiver on the loopback interface: reads the body and answers 204, with no verification, so that it is
 * never what limits a figure. It counts requests and, while recording, notes when each message id arrived.
 */
final class LocalReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService threads;

	private final AtomicLong received = new AtomicLong();

	private volatile Map<String, Long> arrivals;

	LocalReceiver(int threads) throws IOException {
		this.threads = Executors.newFixedThreadPool(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "receiver");
			thread.setDaemon(true);
			return thread;
		});
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
		this.server.setExecutor(this.threads);
		this.server.createContext("/hooks", (exchange) -> {
			long arrivedAt = System.nanoTime();
			try (InputStream body = exchange.getRequestBody()) {
				body.readAllBytes();
			}
			Map<String, Long> recording = this.arrivals;
			if (recording != null) {
				String id = exchange.getRequestHeaders().getFirst(StandardWebhookHeaders.WEBHOOK_ID);
				if (id != null) {
					recording.putIfAbsent(id, arrivedAt);
				}
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
