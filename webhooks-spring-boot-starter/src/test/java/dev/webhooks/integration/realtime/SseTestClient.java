package dev.webhooks.integration.realtime;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a server-sent events stream over real HTTP the way a browser's EventSource does: {@code event:} and
 * {@code data:} lines up to a blank line make one event; comment lines (heartbeats) are counted, not queued.
 */
final class SseTestClient implements AutoCloseable {

	private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Call call;

	private final Response response;

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private volatile int comments;

	private final String connectionId;

	private SseTestClient(Call call, Response response) {
		this.call = call;
		this.response = response;
		Thread reader = new Thread(this::read, "sse-test-client");
		reader.setDaemon(true);
		reader.start();
		Event connected = next(Duration.ofSeconds(10));
		if (!connected.name().equals("connected")) {
			throw new IllegalStateException("the first event is " + connected);
		}
		this.connectionId = connected.json().get("connectionId").asString();
	}

	/** Subscribes and waits for the {@code connected} event. */
	static SseTestClient subscribe(String url) throws IOException {
		return subscribeWith(url);
	}

	/** Subscribes with extra request headers (name, value, ...) and waits for the {@code connected} event. */
	static SseTestClient subscribeWith(String url, String... headers) throws IOException {
		Request.Builder request = new Request.Builder().url(url).header("Accept", "text/event-stream");
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		Call call = HTTP.newCall(request.build());
		Response response = call.execute();
		if (response.code() != 200) {
			String body = response.body().string();
			response.close();
			throw new IllegalStateException("HTTP " + response.code() + ": " + body);
		}
		return new SseTestClient(call, response);
	}

	/** Opens the URL and returns the refusal, for subscriptions expected to fail. */
	static Response refusal(String url, String... headers) throws IOException {
		Request.Builder request = new Request.Builder().url(url).header("Accept", "text/event-stream");
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return HTTP.newCall(request.build()).execute();
	}

	String connectionId() {
		return this.connectionId;
	}

	int comments() {
		return this.comments;
	}

	/** The next event, failing when none arrives in time. */
	Event next(Duration timeout) {
		try {
			Event event = this.events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (event == null) {
				throw new AssertionError("no event within " + timeout);
			}
			return event;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted");
		}
	}

	/** Whether no event is waiting now. */
	boolean nothingReceived() {
		return this.events.isEmpty();
	}

	private void read() {
		BufferedSource source = this.response.body().source();
		String name = "message";
		StringBuilder data = new StringBuilder();
		try {
			String line;
			while ((line = source.readUtf8Line()) != null) {
				if (line.isEmpty()) {
					if (data.length() > 0) {
						this.events.add(new Event(name, data.toString()));
					}
					name = "message";
					data.setLength(0);
				}
				else if (line.startsWith(":")) {
					this.comments++;
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).trim();
				}
				else if (line.startsWith("data:")) {
					if (data.length() > 0) {
						data.append('\n');
					}
					data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// cancelled by close()
		}
		finally {
			try {
				this.response.close();
			}
			catch (RuntimeException ex) {
				// the socket is gone already
			}
		}
	}

	// cancelling closes the socket; the reader thread then closes the response, so only one thread touches it
	@Override
	public void close() {
		this.call.cancel();
	}

	record Event(String name, String data) {

		JsonNode json() {
			return JSON.readTree(this.data);
		}

	}

}
