package dev.webhooks.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.WebhookSecret;

/**
 * A real HTTP receiver that verifies every signature and counts the requests per {@code webhook-id}; what it answers
 * is up to the test.
 */
final class CountingReceiver implements AutoCloseable {

	/** Answers 429 with {@code Retry-After: 2}. */
	static final int THROTTLED = 429;

	/** Fixed, so that worker processes sign with the secret this receiver checks. */
	static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

	private final MockWebServer server = new MockWebServer();

	private final SignatureVerifier verifier = new SignatureVerifier();

	final Map<String, AtomicInteger> requestsById = new ConcurrentHashMap<>();

	final Map<String, List<String>> bodies = new ConcurrentHashMap<>();

	final AtomicInteger badSignatures = new AtomicInteger();

	private volatile Function<RecordedRequest, Integer> status = (request) -> 200;

	CountingReceiver() throws IOException {
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				byte[] body = request.getBody().toByteArray();
				String id = request.getHeaders().get("webhook-id");
				try {
					CountingReceiver.this.verifier.verify(id, request.getHeaders().get("webhook-timestamp"),
							request.getHeaders().get("webhook-signature"), body, List.of(SECRET));
				}
				catch (RuntimeException ex) {
					CountingReceiver.this.badSignatures.incrementAndGet();
					return new MockResponse.Builder().code(401).build();
				}
				CountingReceiver.this.requestsById.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
				CountingReceiver.this.bodies.computeIfAbsent(id, (key) -> new java.util.concurrent.CopyOnWriteArrayList<>())
					.add(new String(body, StandardCharsets.UTF_8));
				int code = CountingReceiver.this.status.apply(request);
				MockResponse.Builder response = new MockResponse.Builder().code(code);
				return ((code == 429) ? response.addHeader("Retry-After", "2") : response).build();
			}

		});
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	String url() {
		return this.server.url("/hooks").toString();
	}

	void answer(Function<RecordedRequest, Integer> status) {
		this.status = status;
	}

	int distinctIds() {
		return this.requestsById.size();
	}

	long duplicates() {
		return this.requestsById.values().stream().mapToInt(AtomicInteger::get).filter((n) -> n > 1)
			.map((n) -> n - 1).sum();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
