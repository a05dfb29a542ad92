package dev.webhooks.dispatch;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a {@link DeliveryDispatcher} claims and sends.
 *
 * @param leaseOwner this dispatcher's id in the outbox; unique per running instance
 * @param sourceId the sending application's id, sent as {@code webhook-source}
 * @param pollInterval how often to look for due deliveries when not woken up
 * @param batchSize the most deliveries claimed, and outcomes written, in one database round trip
 * @param maxConcurrency the most requests in flight at once
 * @param leaseDuration how long a claimed delivery stays with this dispatcher; must outlast the longest HTTP call
 * @param shutdownGracePeriod how long {@link DeliveryDispatcher#stop()} waits for sends in flight
 * @param userAgent the {@code User-Agent} header
 * @param loggerName the logger for delivery outcomes and dispatcher events
 */
public record DispatcherSettings(String leaseOwner, String sourceId, Duration pollInterval, int batchSize,
		int maxConcurrency, Duration leaseDuration, Duration shutdownGracePeriod, String userAgent, String loggerName) {

	/** The logger of delivery outcomes unless {@link #withLoggerName(String)} names another. */
	public static final String DEFAULT_LOGGER_NAME = "dev.webhooks.dispatch.DeliveryDispatcher";

	/** The {@code User-Agent} unless {@link #withUserAgent(String)} sets another. */
	public static final String DEFAULT_USER_AGENT = "webhooks/0.1";

	public DispatcherSettings {
		requireText(leaseOwner, "leaseOwner");
		requireText(sourceId, "sourceId");
		requireText(userAgent, "userAgent");
		requireText(loggerName, "loggerName");
		requirePositive(pollInterval, "pollInterval");
		requirePositive(leaseDuration, "leaseDuration");
		Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
		if (shutdownGracePeriod.isNegative()) {
			throw new IllegalArgumentException("shutdownGracePeriod must not be negative, but is " + shutdownGracePeriod);
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be at least 1, but is " + batchSize);
		}
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("maxConcurrency must be at least 1, but is " + maxConcurrency);
		}
	}

	/**
	 * Lease owner {@link #defaultLeaseOwner()}, poll every second, batches of 100, 64 concurrent requests, 2 minute
	 * leases, 10 seconds of shutdown grace, user agent {@code webhooks/0.1}.
	 * @param sourceId the sending application's id
	 */
	public static DispatcherSettings defaults(String sourceId) {
		return new DispatcherSettings(defaultLeaseOwner(), sourceId, Duration.ofSeconds(1), 100, 64,
				Duration.ofMinutes(2), Duration.ofSeconds(10), DEFAULT_USER_AGENT, DEFAULT_LOGGER_NAME);
	}

	/** The host name and a random suffix, so two instances on one host never share leases. */
	public static String defaultLeaseOwner() {
		return hostName() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
	}

	private static String hostName() {
		// the environment first: a reverse lookup can take seconds when DNS is slow
		for (String variable : new String[] { "HOSTNAME", "COMPUTERNAME" }) {
			String value = System.getenv(variable);
			if (value != null && !value.isBlank()) {
				return value.strip();
			}
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			return "dispatcher";
		}
	}

	public DispatcherSettings withLeaseOwner(String leaseOwner) {
		return new DispatcherSettings(leaseOwner, this.sourceId, this.pollInterval, this.batchSize,
				this.maxConcurrency, this.leaseDuration, this.shutdownGracePeriod, this.userAgent, this.loggerName);
	}

	public DispatcherSettings withSourceId(String sourceId) {
		return new DispatcherSettings(this.leaseOwner, sourceId, this.pollInterval, this.batchSize,
				this.maxConcurrency, this.leaseDuration, this.shutdownGracePeriod, this.userAgent, this.loggerName);
	}

	public DispatcherSettings withPollInterval(Duration pollInterval) {
		return new DispatcherSettings(this.leaseOwner, this.sourceId, pollInterval, this.batchSize,
				this.maxConcurrency, this.leaseDuration, this.shutdownGracePeriod, this.userAgent, this.loggerName);
	}

	public DispatcherSettings withBatchSize(int batchSize) {
		return new DispatcherSettings(this.leaseOwner, this.sourceId, this.pollInterval, batchSize,
				this.maxConcurrency, this.leaseDuration, this.shutdownGracePeriod, this.userAgent, this.loggerName);
	}

	public DispatcherSettings withMaxConcurrency(int maxConcurrency) {
		return new DispatcherSettings(this.leaseOwner, this.sourceId, this.pollInterval, this.batchSize,
				maxConcurrency, this.leaseDuration, this.shutdownGracePeriod, this.userAgent, this.loggerName);
	}

	public DispatcherSettings withLeaseDuration(Duration leaseDuration) {
		return new DispatcherSettings(this.leaseOwner, this.sourceId, this.pollInterval, this.batchSize,
				this.maxConcurrency, leaseDuration, this.shutdownGracePeriod, this.userAgent, this.loggerName);
	}

	public DispatcherSettings withShutdownGracePeriod(Duration shutdownGracePeriod) {
		return new DispatcherSettings(this.leaseOwner, this.sourceId, this.pollInterval, this.batchSize,
				this.maxConcurrency, this.leaseDuration, shutdownGracePeriod, this.userAgent, this.loggerName);
	}

	public DispatcherSettings withUserAgent(String userAgent) {
		return new DispatcherSettings(this.leaseOwner, this.sourceId, this.pollInterval, this.batchSize,
				this.maxConcurrency, this.leaseDuration, this.shutdownGracePeriod, userAgent, this.loggerName);
	}

	private static void requireText(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be empty");
		}
	}

	private static void requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, but is " + duration);
		}
	}

	public DispatcherSettings withLoggerName(String loggerName) {
		return new DispatcherSettings(this.leaseOwner, this.sourceId, this.pollInterval, this.batchSize,
				this.maxConcurrency, this.leaseDuration, this.shutdownGracePeriod, this.userAgent, loggerName);
	}

}
