package dev.webhooks.autoconfigure.operations;

import java.time.Duration;

import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.PropertyRules;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the operations, health and metrics, {@code webhooks.operations.*}, checked once bound: a wrong value
 * fails the start-up with an {@link InvalidWebhooksPropertyException} naming the property.
 */
@ConfigurationProperties("webhooks.operations")
public class OperationsProperties implements InitializingBean {

	private static final String PREFIX = "webhooks.operations.";

	/** Whether the operations (the Actuator endpoint, the commands, health and metrics) are available. */
	private boolean enabled = true;

	/** How far back failed attempts make a target count as failing in stats and health. */
	private Duration failingWindow = Duration.ofHours(24);

	/** The most failing targets listed in stats and health. */
	private int maxFailingTargets = 20;

	private final Purge purge = new Purge();

	private final Health health = new Health();

	private final Metrics metrics = new Metrics();

	private final AutoDisable autoDisable = new AutoDisable();

	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/**
	 * Checks every setting.
	 * @throws InvalidWebhooksPropertyException naming the first property that is wrong
	 */
	public void validate() {
		PropertyRules.notNegative(PREFIX + "purge.retention", this.purge.getRetention());
		PropertyRules.positive(PREFIX + "purge.interval", this.purge.getInterval());
		PropertyRules.atLeast(PREFIX + "purge.batch-size", this.purge.getBatchSize(), 1);
		PropertyRules.positive(PREFIX + "failing-window", this.failingWindow);
		PropertyRules.atLeast(PREFIX + "max-failing-targets", this.maxFailingTargets, 0);
		PropertyRules.positive(PREFIX + "health.max-pending-age", this.health.getMaxPendingAge());
		PropertyRules.positive(PREFIX + "health.stall-timeout", this.health.getStallTimeout());
		PropertyRules.positive(PREFIX + "health.timeout", this.health.getTimeout());
		PropertyRules.positive(PREFIX + "auto-disable.after", this.autoDisable.getAfter());
		PropertyRules.positive(PREFIX + "auto-disable.check-interval", this.autoDisable.getCheckInterval());
		PropertyRules.notNegative(PREFIX + "metrics.queue-refresh-interval", this.metrics.getQueueRefreshInterval());
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getFailingWindow() {
		return this.failingWindow;
	}

	public void setFailingWindow(Duration failingWindow) {
		this.failingWindow = failingWindow;
	}

	public int getMaxFailingTargets() {
		return this.maxFailingTargets;
	}

	public void setMaxFailingTargets(int maxFailingTargets) {
		this.maxFailingTargets = maxFailingTargets;
	}

	public Purge getPurge() {
		return this.purge;
	}

	public Health getHealth() {
		return this.health;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public AutoDisable getAutoDisable() {
		return this.autoDisable;
	}

	public static class AutoDisable {

		/**
		 * Whether a target whose every attempt failed for longer than 'after' is disabled: its deliveries are kept,
		 * not sent, until it is enabled again with the enable-target operation.
		 */
		private boolean enabled = true;

		/** How long a target must fail continuously to be disabled. */
		private Duration after = Duration.ofDays(5);

		/** How often targets are checked, and deliveries of disabled targets parked. */
		private Duration checkInterval = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getAfter() {
			return this.after;
		}

		public void setAfter(Duration after) {
			this.after = after;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

	}

	public static class Purge {

		/** Whether finished deliveries older than the retention are deleted on a schedule. */
		private boolean enabled = true;

		/** How long finished (succeeded, failed, cancelled) deliveries are kept. */
		private Duration retention = Duration.ofDays(30);

		/** How often the scheduled purge runs. */
		private Duration interval = Duration.ofHours(1);

		/** The most deliveries deleted in one transaction, so no purge holds locks for long. */
		private int batchSize = 1000;

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

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

	}

	public static class Health {

		/** Whether the 'webhooks' health indicator is registered. */
		private boolean enabled = true;

		/** How long the oldest unsent delivery may wait before health turns OUT_OF_SERVICE. */
		private Duration maxPendingAge = Duration.ofMinutes(15);

		/** How long a running dispatcher may go without a successful claim before health turns OUT_OF_SERVICE. */
		private Duration stallTimeout = Duration.ofMinutes(5);

		/**
		 * How long the health check may take, database queries included, before it answers DOWN: shorter than
		 * the probes' timeout, so that a database outage shows as DOWN rather than as a probe timing out.
		 */
		private Duration timeout = Duration.ofSeconds(3);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMaxPendingAge() {
			return this.maxPendingAge;
		}

		public void setMaxPendingAge(Duration maxPendingAge) {
			this.maxPendingAge = maxPendingAge;
		}

		public Duration getStallTimeout() {
			return this.stallTimeout;
		}

		public void setStallTimeout(Duration stallTimeout) {
			this.stallTimeout = stallTimeout;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	public static class Metrics {

		/** Whether delivery, attempt, queue and capture metrics are registered with Micrometer. */
		private boolean enabled = true;

		/** How long the queue gauges reuse one reading of the outbox, so scrapes do not each query it. */
		private Duration queueRefreshInterval = Duration.ofSeconds(15);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getQueueRefreshInterval() {
			return this.queueRefreshInterval;
		}

		public void setQueueRefreshInterval(Duration queueRefreshInterval) {
			this.queueRefreshInterval = queueRefreshInterval;
		}

	}

}
