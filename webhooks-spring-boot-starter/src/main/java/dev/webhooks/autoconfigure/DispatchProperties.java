package dev.webhooks.autoconfigure;

import java.time.Duration;

/**
 * Settings under {@code webhooks.dispatch.*}: the dispatcher that sends the outbox.
 */
public class DispatchProperties {

	/**
	 * Whether this instance sends the outbox. Turn off on nodes that should only write it.
	 */
	private boolean enabled = true;

	/**
	 * How often to look for due deliveries when no commit woke the dispatcher.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * Most deliveries claimed in one query. Up to one batch more than there are free workers is claimed ahead,
	 * so that the next claim overlaps the requests in flight.
	 */
	private int batchSize = 100;

	/**
	 * Most requests in flight at once from this instance.
	 */
	private int maxConcurrency = 64;

	/**
	 * How long a claimed delivery stays with this instance before another may take it over. Must exceed the
	 * HTTP call timeout times (1 + connect retries).
	 */
	private Duration leaseDuration = Duration.ofMinutes(2);

	/**
	 * How long shutdown waits for requests in flight before giving their deliveries back.
	 */
	private Duration shutdownGracePeriod = Duration.ofSeconds(10);

	/**
	 * Logger name for delivery outcomes.
	 */
	private String loggerName = "dev.webhooks.dispatch.DeliveryDispatcher";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public int getMaxConcurrency() {
		return this.maxConcurrency;
	}

	public void setMaxConcurrency(int maxConcurrency) {
		this.maxConcurrency = maxConcurrency;
	}

	public Duration getLeaseDuration() {
		return this.leaseDuration;
	}

	public void setLeaseDuration(Duration leaseDuration) {
		this.leaseDuration = leaseDuration;
	}

	public Duration getShutdownGracePeriod() {
		return this.shutdownGracePeriod;
	}

	public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
		this.shutdownGracePeriod = shutdownGracePeriod;
	}

	public String getLoggerName() {
		return this.loggerName;
	}

	public void setLoggerName(String loggerName) {
		this.loggerName = loggerName;
	}

}
