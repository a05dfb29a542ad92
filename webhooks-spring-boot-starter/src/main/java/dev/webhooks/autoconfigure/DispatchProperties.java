package dev.webhooks.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings under {@code webhooks.dispatch.*}: the dispatcher that sends the outbox.
 */
public class DispatchProperties {

	/**
	 * Whether this instance sends the outbox. Turn off on nodes that should only write it.
	 */
	private boolean enabled = true;

	/**
	 * How deliveries travel from the outbox to the instances that send them: 'database' (each dispatcher claims from
	 * the outbox table) or 'kafka' (a relay publishes them to a topic that workers consume, see webhooks.kafka.*).
	 */
	private Mode mode = Mode.DATABASE;

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

	/**
	 * Most requests in flight at once to one target (server or hook) from this instance, unless the server or hook
	 * sets its own. Keeps one slow target from taking every worker.
	 */
	private int targetMaxConcurrency = 8;

	/**
	 * Most requests per second to one target from this instance, unless the server or hook sets its own; 0 for no
	 * limit.
	 */
	private double targetRateLimit = 0;

	/**
	 * Requests that may start at once after a quiet spell, for a rate-limited target.
	 */
	private int targetBurst = 1;

	/**
	 * HTTP statuses that pause the whole target (honouring Retry-After) rather than count as the delivery's failure.
	 */
	private Set<Integer> throttleStatuses = new LinkedHashSet<>(List.of(429, 502, 503, 504));

	/**
	 * How long a throttled target pauses when its response has no Retry-After; doubled with each throttle in a row.
	 */
	private Duration throttlePause = Duration.ofSeconds(5);

	/**
	 * Longest pause of a throttled target, whatever its Retry-After asks.
	 */
	private Duration maxThrottlePause = Duration.ofMinutes(10);

	/**
	 * Whether a 410 Gone disables the target and keeps its deliveries until it is enabled again, rather than failing
	 * only the delivery. Needs webhooks.operations.auto-disable.enabled (the target states).
	 */
	private boolean disableOnGone = true;

	/**
	 * Server id (under webhooks.servers) that receives operational webhooks (endpoint.disabled,
	 * message.attempt.exhausted, ...); none when empty.
	 */
	private String operationalWebhookServer;

	/**
	 * Circuit breaker of each target.
	 */
	private final Breaker breaker = new Breaker();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
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

	public int getTargetMaxConcurrency() {
		return this.targetMaxConcurrency;
	}

	public void setTargetMaxConcurrency(int targetMaxConcurrency) {
		this.targetMaxConcurrency = targetMaxConcurrency;
	}

	public double getTargetRateLimit() {
		return this.targetRateLimit;
	}

	public void setTargetRateLimit(double targetRateLimit) {
		this.targetRateLimit = targetRateLimit;
	}

	public int getTargetBurst() {
		return this.targetBurst;
	}

	public void setTargetBurst(int targetBurst) {
		this.targetBurst = targetBurst;
	}

	public Set<Integer> getThrottleStatuses() {
		return this.throttleStatuses;
	}

	public void setThrottleStatuses(Set<Integer> throttleStatuses) {
		this.throttleStatuses = throttleStatuses;
	}

	public Duration getThrottlePause() {
		return this.throttlePause;
	}

	public void setThrottlePause(Duration throttlePause) {
		this.throttlePause = throttlePause;
	}

	public Duration getMaxThrottlePause() {
		return this.maxThrottlePause;
	}

	public void setMaxThrottlePause(Duration maxThrottlePause) {
		this.maxThrottlePause = maxThrottlePause;
	}

	public boolean isDisableOnGone() {
		return this.disableOnGone;
	}

	public void setDisableOnGone(boolean disableOnGone) {
		this.disableOnGone = disableOnGone;
	}

	public String getOperationalWebhookServer() {
		return this.operationalWebhookServer;
	}

	public void setOperationalWebhookServer(String operationalWebhookServer) {
		this.operationalWebhookServer = operationalWebhookServer;
	}

	public Breaker getBreaker() {
		return this.breaker;
	}

	public String getLoggerName() {
		return this.loggerName;
	}

	public void setLoggerName(String loggerName) {
		this.loggerName = loggerName;
	}

	/**
	 * How deliveries reach the dispatchers.
	 */
	public enum Mode {

		/** Each dispatcher claims due deliveries from the outbox table. */
		DATABASE,

		/**
		 * A relay claims due deliveries from the outbox table and publishes them to a Kafka topic; the dispatchers of
		 * the workers consume the topic and write their outcomes back to the outbox.
		 */
		KAFKA

	}

	/**
	 * Settings under {@code webhooks.dispatch.breaker.*}: when a target's circuit opens and closes.
	 */
	public static class Breaker {

		/**
		 * Whether each target has a circuit breaker.
		 */
		private boolean enabled = true;

		/**
		 * Share of failed calls in the window, above 0 and at most 1, at which the circuit opens.
		 */
		private double failureRateThreshold = 0.5;

		/**
		 * Calls the window must hold before the share counts.
		 */
		private int minimumCalls = 20;

		/**
		 * How far back calls count.
		 */
		private Duration window = Duration.ofSeconds(30);

		/**
		 * How long an open circuit waits before letting one probe through.
		 */
		private Duration coolDown = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(double failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public int getMinimumCalls() {
			return this.minimumCalls;
		}

		public void setMinimumCalls(int minimumCalls) {
			this.minimumCalls = minimumCalls;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public Duration getCoolDown() {
			return this.coolDown;
		}

		public void setCoolDown(Duration coolDown) {
			this.coolDown = coolDown;
		}

	}

}
