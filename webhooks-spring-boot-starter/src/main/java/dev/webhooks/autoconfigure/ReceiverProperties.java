package dev.webhooks.autoconfigure;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code webhooks.receiver.*}: the endpoint that receives webhooks from peers.
 */
public class ReceiverProperties {

	/**
	 * Whether the receiver endpoint is served.
	 */
	private boolean enabled = true;

	/**
	 * Path of the receiver endpoint.
	 */
	private String path = "/webhooks/receive";

	/**
	 * How far a message's 'webhook-timestamp' may be from now, either way, before it is refused as stale.
	 */
	private Duration timestampTolerance = Duration.ofMinutes(5);

	/**
	 * Largest request body the receiver reads.
	 */
	private DataSize maxBodySize = DataSize.ofMegabytes(1);

	/**
	 * Whether Spring Security skips the receiver endpoint, which authenticates each request by its signature.
	 */
	private boolean skipSpringSecurity = true;

	private final Deduplication deduplication = new Deduplication();

	public Deduplication getDeduplication() {
		return this.deduplication;
	}

	public boolean isSkipSpringSecurity() {
		return this.skipSpringSecurity;
	}

	public void setSkipSpringSecurity(boolean skipSpringSecurity) {
		this.skipSpringSecurity = skipSpringSecurity;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getTimestampTolerance() {
		return this.timestampTolerance;
	}

	public void setTimestampTolerance(Duration timestampTolerance) {
		this.timestampTolerance = timestampTolerance;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public static class Deduplication {

		/**
		 * Whether a message delivered twice runs its handler once, remembered per sender and webhook-id in the
		 * idempotency store.
		 */
		private boolean enabled = true;

		/**
		 * How long handled messages are remembered. Keep it longer than the senders' retry window (about 27 hours
		 * with the default retry settings).
		 */
		private Duration retention = Duration.ofDays(7);

		/**
		 * How long a message being handled blocks its redeliveries, should its handling never end (a crash).
		 */
		private Duration lockTimeout = Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public Duration getLockTimeout() {
			return this.lockTimeout;
		}

		public void setLockTimeout(Duration lockTimeout) {
			this.lockTimeout = lockTimeout;
		}

	}

}
