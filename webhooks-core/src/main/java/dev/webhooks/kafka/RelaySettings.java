package dev.webhooks.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link OutboxRelay} claims and publishes.
 *
 * @param topic the topic the deliveries are published to
 * @param leaseOwner this relay's id in the outbox, unique per running instance; each batch's claim adds a sequence
 * number to it, so that a worker's outcome for an old copy of a delivery cannot settle a newer claim
 * @param lease how long a relayed delivery stays claimed without an outcome before a relay publishes it again: the
 * longest a worker may lag behind the topic, and how long the deliveries of a relay that died mid-batch wait
 * @param batchSize the most deliveries claimed and published in one round
 * @param pollInterval how often to look for due deliveries when not woken up
 * @param errorBackoff how long to wait after a failed claim or publish before trying again
 */
public record RelaySettings(String topic, String leaseOwner, Duration lease, int batchSize, Duration pollInterval,
		Duration errorBackoff) {

	/** The topic unless another is named. */
	public static final String DEFAULT_TOPIC = "webhooks.deliveries";

	public RelaySettings {
		requireText(topic, "topic");
		requireText(leaseOwner, "leaseOwner");
		requirePositive(lease, "lease");
		requirePositive(pollInterval, "pollInterval");
		requirePositive(errorBackoff, "errorBackoff");
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be at least 1, but is " + batchSize);
		}
		if (leaseOwner.length() > 180) {
			throw new IllegalArgumentException("leaseOwner must be at most 180 characters, but is " + leaseOwner.length());
		}
	}

	/** Topic {@value #DEFAULT_TOPIC}, 5 minute leases, batches of 500, a poll every second, 1 s error backoff. */
	public static RelaySettings defaults(String leaseOwner) {
		return new RelaySettings(DEFAULT_TOPIC, leaseOwner, Duration.ofMinutes(5), 500, Duration.ofSeconds(1),
				Duration.ofSeconds(1));
	}

	public RelaySettings withTopic(String topic) {
		return new RelaySettings(topic, this.leaseOwner, this.lease, this.batchSize, this.pollInterval,
				this.errorBackoff);
	}

	public RelaySettings withLease(Duration lease) {
		return new RelaySettings(this.topic, this.leaseOwner, lease, this.batchSize, this.pollInterval,
				this.errorBackoff);
	}

	public RelaySettings withBatchSize(int batchSize) {
		return new RelaySettings(this.topic, this.leaseOwner, this.lease, batchSize, this.pollInterval,
				this.errorBackoff);
	}

	public RelaySettings withPollInterval(Duration pollInterval) {
		return new RelaySettings(this.topic, this.leaseOwner, this.lease, this.batchSize, pollInterval,
				this.errorBackoff);
	}

	public RelaySettings withErrorBackoff(Duration errorBackoff) {
		return new RelaySettings(this.topic, this.leaseOwner, this.lease, this.batchSize, this.pollInterval,
				errorBackoff);
	}

	private static void requireText(String value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

	private static void requirePositive(Duration value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive, but is " + value);
		}
	}

}
