package dev.webhooks.spring.realtime;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.webhooks.realtime.RealtimeEvent;
import dev.webhooks.realtime.RealtimeEventSink;
import dev.webhooks.realtime.RealtimeOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * This instance's server-sent events subscribers. Each connection has a bounded buffer that a small pool of
 * writer threads drains; a connection whose buffer overflows (a client too slow to keep up) is closed rather than
 * holding memory, and its browser reconnects. Idle connections get a comment line every heartbeat interval, so
 * proxies do not close them.
 */
public final class SseChannelHub implements RealtimeEventSink, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SseChannelHub.class);

	private final Settings settings;

	private final JsonMapper jsonMapper;

	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicLong droppedClients = new AtomicLong();

	private final ExecutorService writers;

	private final ScheduledExecutorService heartbeats;

	public SseChannelHub(Settings settings, JsonMapper jsonMapper) {
		this.settings = settings;
		this.jsonMapper = jsonMapper;
		AtomicInteger threads = new AtomicInteger();
		this.writers = Executors.newFixedThreadPool(settings.writerThreads(), (task) -> {
			Thread thread = new Thread(task, "webhooks-sse-writer-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.heartbeats = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "webhooks-sse-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		long interval = settings.heartbeatInterval().toMillis();
		this.heartbeats.scheduleWithFixedDelay(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Opens a connection to the given channels; its first event, {@code connected}, carries the connection id that
	 * the client sends back in the connection id header to be left out of its own changes.
	 * @throws TooManyConnectionsException when this instance serves its maximum of connections
	 */
	public SseEmitter subscribe(Set<String> channels) {
		if (this.open.incrementAndGet() > this.settings.maxConnections()) {
			this.open.decrementAndGet();
			throw new TooManyConnectionsException(this.settings.maxConnections());
		}
		SseEmitter emitter = new SseEmitter(this.settings.timeout().toMillis());
		Connection connection = new Connection(RealtimeOrigin.newConnectionId(), Set.copyOf(channels), emitter,
				this.settings.clientBuffer());
		this.connections.put(connection.id, connection);
		emitter.onCompletion(() -> remove(connection));
		emitter.onTimeout(() -> remove(connection));
		emitter.onError((ex) -> remove(connection));
		connection.offer(SseEmitter.event()
			.name("connected")
			.data("{\"connectionId\":\"" + connection.id + "\",\"channels\":" + json(channels) + "}"));
		return emitter;
	}

	@Override
	public void accept(RealtimeEvent event) {
		if (this.connections.isEmpty()) {
			return;
		}
		for (Connection connection : this.connections.values()) {
			if (!event.reaches(connection.id)) {
				continue;
			}
			for (String channel : event.channels()) {
				if (connection.channels.contains(channel)) {
					connection.offer(SseEmitter.event().name(event.name()).data(frame(channel, event)));
				}
			}
		}
	}

	private String frame(String channel, RealtimeEvent event) {
		return "{\"channel\":" + json(channel) + ",\"event\":" + json(event.name()) + ",\"entityType\":"
				+ json(event.entityName()) + ",\"entityId\":" + json(event.entityId()) + ",\"data\":" + event.data()
				+ "}";
	}

	private String json(Object value) {
		return this.jsonMapper.writeValueAsString(value);
	}

	private void heartbeat() {
		for (Connection connection : this.connections.values()) {
			if (connection.buffer.isEmpty()) {
				connection.offer(SseEmitter.event().comment("heartbeat"));
			}
		}
	}

	private void remove(Connection connection) {
		if (this.connections.remove(connection.id, connection)) {
			this.open.decrementAndGet();
		}
	}

	/** Connections open on this instance. */
	public int connectionCount() {
		return this.open.get();
	}

	/** Connections closed because their client could not keep up. */
	public long droppedClientCount() {
		return this.droppedClients.get();
	}

	@Override
	public void close() {
		this.heartbeats.shutdownNow();
		for (Connection connection : List.copyOf(this.connections.values())) {
			connection.emitter.complete();
			remove(connection);
		}
		this.writers.shutdownNow();
	}

	/**
	 * @param maxConnections the most connections this instance serves
	 * @param clientBuffer the most events waiting to be written to one connection
	 * @param heartbeatInterval how often an idle connection gets a comment line
	 * @param timeout how long a connection stays open before the client is asked to reconnect
	 * @param writerThreads the threads writing to connections
	 */
	public record Settings(int maxConnections, int clientBuffer, Duration heartbeatInterval, Duration timeout,
			int writerThreads) {

	}

	/** Refuses a subscription when the instance serves as many connections as it may. */
	public static final class TooManyConnectionsException extends RuntimeException {

		TooManyConnectionsException(int max) {
			super("This server already serves its maximum of " + max + " realtime connections "
					+ "(webhooks.realtime.sse.max-connections); try again later");
		}

	}

	private final class Connection {

		private final String id;

		private final Set<String> channels;

		private final SseEmitter emitter;

		private final BlockingQueue<SseEmitter.SseEventBuilder> buffer;

		private final AtomicBoolean draining = new AtomicBoolean();

		private volatile boolean closed;

		Connection(String id, Set<String> channels, SseEmitter emitter, int capacity) {
			this.id = id;
			this.channels = channels;
			this.emitter = emitter;
			this.buffer = new ArrayBlockingQueue<>(capacity);
		}

		void offer(SseEmitter.SseEventBuilder event) {
			if (this.closed) {
				return;
			}
			if (!this.buffer.offer(event)) {
				SseChannelHub.this.droppedClients.incrementAndGet();
				logger.info("Closing realtime connection {}: more than {} events waiting, the client is too slow",
						this.id, this.buffer.size());
				close();
				return;
			}
			if (this.draining.compareAndSet(false, true)) {
				SseChannelHub.this.writers.execute(this::drain);
			}
		}

		private void drain() {
			try {
				SseEmitter.SseEventBuilder next;
				while (!this.closed && (next = this.buffer.poll()) != null) {
					this.emitter.send(next);
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the client went away; the emitter's callbacks remove the connection
				close();
			}
			finally {
				this.draining.set(false);
			}
			if (!this.closed && !this.buffer.isEmpty() && this.draining.compareAndSet(false, true)) {
				SseChannelHub.this.writers.execute(this::drain);
			}
		}

		private void close() {
			this.closed = true;
			this.buffer.clear();
			remove(this);
			try {
				this.emitter.complete();
			}
			catch (RuntimeException ex) {
				// already completed
			}
		}

	}

}
