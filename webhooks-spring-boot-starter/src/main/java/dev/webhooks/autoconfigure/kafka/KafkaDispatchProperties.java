package dev.webhooks.autoconfigure.kafka;

import java.time.Duration;
import java.util.regex.Pattern;

import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.PropertyRules;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Kafka dispatch mode, {@code webhooks.kafka.*}, used when {@code webhooks.dispatch.mode=kafka} and
 * checked once bound: a wrong value fails the start-up with an {@link InvalidWebhooksPropertyException} naming the
 * property. How to reach the brokers comes from Spring Boot's {@code spring.kafka.*}.
 */
@ConfigurationProperties("webhooks.kafka")
public class KafkaDispatchProperties implements InitializingBean {

	private static final String PREFIX = "webhooks.kafka.";

	// what Kafka accepts as a topic name
	private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

	/**
	 * Topic the relay publishes due deliveries to and the workers consume.
	 */
	private String topic = "webhooks.deliveries";

	/**
	 * Partitions of the topic when the relay creates it: the most workers that share the traffic.
	 */
	private int partitions = 12;

	/**
	 * Replication factor of the topic when the relay creates it; -1 for the broker's default.
	 */
	private int replicationFactor = -1;

	/**
	 * Whether the relay creates the topic at start-up when it is missing.
	 */
	private boolean createTopic = true;

	/**
	 * Consumer group of the workers; '<webhooks.app-id>-webhooks' when not set.
	 */
	private @Nullable String groupId;

	private final Relay relay = new Relay();

	private final Worker worker = new Worker();

	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/**
	 * Checks every setting.
	 * @throws InvalidWebhooksPropertyException naming the first property that is wrong
	 */
	public void validate() {
		if (this.topic == null || !TOPIC.matcher(this.topic).matches() || this.topic.equals(".")
				|| this.topic.equals("..")) {
			throw new InvalidWebhooksPropertyException(PREFIX + "topic", "'" + this.topic
					+ "' is not a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-'");
		}
		PropertyRules.atLeast(PREFIX + "partitions", this.partitions, 1);
		if (this.replicationFactor != -1 && (this.replicationFactor < 1 || this.replicationFactor > Short.MAX_VALUE)) {
			throw new InvalidWebhooksPropertyException(PREFIX + "replication-factor",
					"must be -1 (the broker's default) or at least 1, but is " + this.replicationFactor);
		}
		if (this.groupId != null) {
			PropertyRules.notBlank(PREFIX + "group-id", this.groupId);
		}
		PropertyRules.atLeast(PREFIX + "relay.batch-size", this.relay.getBatchSize(), 1);
		PropertyRules.positive(PREFIX + "relay.lease", this.relay.getLease());
		PropertyRules.positive(PREFIX + "relay.poll-interval", this.relay.getPollInterval());
		PropertyRules.positive(PREFIX + "worker.poll-timeout", this.worker.getPollTimeout());
	}

	/** The consumer group of the workers: the one set, else the application's id followed by {@code -webhooks}. */
	public String groupIdOr(String appId) {
		return (this.groupId != null) ? this.groupId : appId + "-webhooks";
	}

	public String getTopic() {
		return this.topic;
	}

	public void setTopic(String topic) {
		this.topic = topic;
	}

	public int getPartitions() {
		return this.partitions;
	}

	public void setPartitions(int partitions) {
		this.partitions = partitions;
	}

	public int getReplicationFactor() {
		return this.replicationFactor;
	}

	public void setReplicationFactor(int replicationFactor) {
		this.replicationFactor = replicationFactor;
	}

	public boolean isCreateTopic() {
		return this.createTopic;
	}

	public void setCreateTopic(boolean createTopic) {
		this.createTopic = createTopic;
	}

	public @Nullable String getGroupId() {
		return this.groupId;
	}

	public void setGroupId(@Nullable String groupId) {
		this.groupId = groupId;
	}

	public Relay getRelay() {
		return this.relay;
	}

	public Worker getWorker() {
		return this.worker;
	}

	/**
	 * Settings under {@code webhooks.kafka.relay.*}: the relay that claims due deliveries from the outbox and
	 * publishes them.
	 */
	public static class Relay {

		/**
		 * Whether this instance runs a relay. Several relays may run: each claims its own batches.
		 */
		private boolean enabled = true;

		/**
		 * Most deliveries claimed and published in one round.
		 */
		private int batchSize = 500;

		/**
		 * How long a published delivery stays claimed without an outcome before a relay publishes it again: the
		 * longest a worker may lag behind the topic. Must exceed the HTTP call timeout times (1 + connect retries).
		 */
		private Duration lease = Duration.ofMinutes(5);

		/**
		 * How often to look for due deliveries when no commit woke the relay.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/**
	 * Settings under {@code webhooks.kafka.worker.*}: the dispatcher that consumes the topic and sends.
	 */
	public static class Worker {

		/**
		 * Whether this instance consumes the topic and sends the deliveries (webhooks.dispatch.* sets its
		 * concurrency, limits and grace period).
		 */
		private boolean enabled = true;

		/**
		 * How long a claim waits for records when none are fetched.
		 */
		private Duration pollTimeout = Duration.ofMillis(500);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPollTimeout() {
			return this.pollTimeout;
		}

		public void setPollTimeout(Duration pollTimeout) {
			this.pollTimeout = pollTimeout;
		}

	}

}
