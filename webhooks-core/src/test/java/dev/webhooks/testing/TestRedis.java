package dev.webhooks.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.testcontainers.containers.GenericContainer;

/**
 * A Redis server for one test class, with a key prefix of its own whose keys are deleted on {@link #close()}.
 * <p>
 * The local server (setting {@code webhooks.test.redis.url}, or {@code WEBHOOKS_TEST_REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}); when it cannot be reached, Testcontainers starts one where Docker runs, and
 * otherwise the test is skipped, or failed when services are required.
 */
public final class TestRedis implements AutoCloseable {

	private static String serverUrl;

	private final String url;

	private final String keyPrefix;

	private final RedisClient client;

	private final StatefulRedisConnection<byte[], byte[]> connection;

	private TestRedis(String url) {
		this.url = url;
		this.keyPrefix = "webhooks-test:" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + ":";
		this.client = RedisClient.create(url);
		this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
	}

	public static TestRedis create() {
		return new TestRedis(server());
	}

	/** The server's URL, e.g. {@code redis://127.0.0.1:6379}. */
	public String url() {
		return this.url;
	}

	public String host() {
		return RedisURI.create(this.url).getHost();
	}

	public int port() {
		return RedisURI.create(this.url).getPort();
	}

	/** The prefix this test's keys must start with, so they are cleaned up and never meet another run's. */
	public String keyPrefix() {
		return this.keyPrefix;
	}

	public RedisClient client() {
		return this.client;
	}

	/** A shared connection with a byte-array codec, closed with this instance. */
	public StatefulRedisConnection<byte[], byte[]> connection() {
		return this.connection;
	}

	/** Properties for a Spring Boot application on this server. */
	public String[] springProperties() {
		return new String[] { "spring.data.redis.host=" + host(), "spring.data.redis.port=" + port() };
	}

	@Override
	public void close() {
		try {
			var commands = this.connection.sync();
			ScanCursor cursor = ScanCursor.INITIAL;
			ScanArgs match = ScanArgs.Builder.matches(this.keyPrefix + "*").limit(500);
			do {
				KeyScanCursor<byte[]> page = commands.scan(cursor, match);
				List<byte[]> keys = page.getKeys();
				if (!keys.isEmpty()) {
					commands.del(keys.toArray(new byte[0][]));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
		}
		finally {
			this.connection.close();
			this.client.shutdown();
		}
	}

	@Override
	public String toString() {
		return "Redis " + this.url + " " + new String(this.keyPrefix.getBytes(StandardCharsets.UTF_8),
				StandardCharsets.UTF_8);
	}

	private static synchronized String server() {
		if (serverUrl == null) {
			String local = RequiredServices.setting("webhooks.test.redis.url", "redis://127.0.0.1:6379");
			try (RedisClient probe = RedisClient.create(local);
					StatefulRedisConnection<String, String> connection = probe.connect()) {
				connection.sync().ping();
				serverUrl = local;
			}
			catch (RuntimeException ex) {
				if (!RequiredServices.required() && RequiredServices.dockerAvailable()) {
					GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
					container.start();
					serverUrl = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
				}
				else {
					throw RequiredServices.unavailable("Redis", local, ex);
				}
			}
		}
		return serverUrl;
	}

}
