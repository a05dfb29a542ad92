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
 * proxies do not close them. Besides the instance's maximum, each client (a user or an address, as the caller names
 * it) has a maximum of its own, so one client cannot take every connection. A connection's slots come back as soon as
 * it ends: completed, timed out, failed, or a write to it failed.
 */
public final class SseChannelHub implements RealtimeEventSink, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SseChannelHub.class);

	private final Settings settings;

	private final JsonMapper jsonMapper;

	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	private final Map<String, Integer> openByClient = new ConcurrentHashMap<>();

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
	 * @param client who connects, e.g. the user's name or the remote address: its connections count against
	 * {@link Settings#maxConnectionsPerClient()}
	 * @throws TooManyConnectionsException when this instance serves its maximum of connections
	 * @throws TooManyClientConnectionsException when the client has its maximum of connections open here
	 */
	public SseEmitter subscribe(String client, Set<String> channels) {
		if (this.open.incrementAndGet() > this.settings.maxConnections()) {
			this.open.decrementAndGet();
			throw new TooManyConnectionsException(this.settings.maxConnections());
		}
		if (!acquire(client)) {
			this.open.decrementAndGet();
			throw new TooManyClientConnectionsException(this.settings.maxConnectionsPerClient());
		}
		SseEmitter emitter = new SseEmitter(this.settings.timeout().toMillis());
		Connection connection = new Connection(RealtimeOrigin.newConnectionId(), client, Set.copyOf(channels),
				emitter, this.settings.clientBuffer());
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

	private boolean acquire(String client) {
		boolean[] acquired = new boolean[1];
		this.openByClient.compute(client, (name, open) -> {
			int current = (open != null) ? open : 0;
			acquired[0] = current < this.settings.maxConnectionsPerClient();
			return acquired[0] ? current + 1 : open;
		});
		return acquired[0];
	}

	private void release(String client) {
		// no entry is kept for a client without connections, so the map only holds current clients
		this.openByClient.computeIfPresent(client, (name, open) -> (open > 1) ? open - 1 : null);
	}

	// called by whichever notices the end first (a callback, a failed write, close()); only the first counts
	private void remove(Connection connection) {
		if (this.connections.remove(connection.id, connection)) {
			this.open.decrementAndGet();
			release(connection.client);
		}
	}

	/** Connections open on this instance. */
	public int connectionCount() {
		return this.open.get();
	}

	/** Connections the given client has open on this instance. */
	public int connectionCount(String client) {
		Integer open = this.openByClient.get(client);
		return (open != null) ? open : 0;
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
	 * @param maxConnectionsPerClient the most connections one client may have open on this instance
	 * @param clientBuffer the most events waiting to be written to one connection
	 * @param heartbeatInterval how often an idle connection gets a comment line
	 * @param timeout how long a connection stays open before the client is asked to reconnect
	 * @param writerThreads the threads writing to connections
	 */
	public record Settings(int maxConnections, int maxConnectionsPerClient, int clientBuffer,
			Duration heartbeatInterval, Duration timeout, int writerThreads) {

	}

	/** Refuses a subscription when the instance serves as many connections as it may. */
	public static final class TooManyConnectionsException extends RuntimeException {

		TooManyConnectionsException(int max) {
			super("This server already serves its maximum of " + max + " realtime connections "
					+ "(webhooks.realtime.sse.max-connections); try again later");
		}

	}

	/** Refuses a subscription when its client has as many connections open as it may. */
	public static final class TooManyClientConnectionsException extends RuntimeException {

		TooManyClientConnectionsException(int max) {
			super("This client already has its maximum of " + max + " realtime connections open on this server "
					+ "(webhooks.realtime.sse.max-connections-per-client); close one, or try again later");
		}

	}

	private final class Connection {

		private final String id;

		private final String client;

		private final Set<String> channels;

		private final SseEmitter emitter;

		private final BlockingQueue<SseEmitter.SseEventBuilder> buffer;

		private final AtomicBoolean draining = new AtomicBoolean();

		private volatile boolean closed;

		Connection(String id, String client, Set<String> channels, SseEmitter emitter, int capacity) {
			this.id = id;
			this.client = client;
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
