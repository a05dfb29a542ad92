package dev.webhooks.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryLeases;

/**
 * Publishes due outbox rows to a Kafka topic. Each round claims a batch with the same lease rules as a dispatcher
 * (safe with several relays, oldest due first, one delivery at a time per ordered lane), publishes it, and waits for
 * the broker to acknowledge every record; the claim's lease is then the mark that the batch was relayed, so a
 * delivery costs no write beyond its claim. A record the broker refused is given back to the outbox at once; a relay
 * that dies mid-batch leaves its claims to expire, after which another relay publishes them again.
 * <p>
 * The producer should be idempotent with {@code acks=all}, so that a retried send is neither lost nor written twice.
 * Call {@link #wakeUp()} after committing new deliveries to publish them at once rather than at the next poll.
 */
public final class OutboxRelay implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final DeliveryLeases leases;

	private final Producer<String, byte[]> producer;

	private final DeliveryRecords records;

	private final RelaySettings settings;

	private final Clock clock;

	private final AtomicBoolean wakeRequested = new AtomicBoolean();

	private final AtomicLong batches = new AtomicLong();

	private final AtomicLong relayed = new AtomicLong();

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	private volatile @Nullable Instant lastRelayAt;

	private volatile @Nullable String lastError;

	public OutboxRelay(DeliveryLeases leases, Producer<String, byte[]> producer, DeliveryRecords records,
			RelaySettings settings, Clock clock) {
		this.leases = Objects.requireNonNull(leases, "leases");
		this.producer = Objects.requireNonNull(producer, "producer");
		this.records = Objects.requireNonNull(records, "records");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread relay = new Thread(this::relayLoop, "webhooks-kafka-relay");
		relay.setDaemon(true);
		this.thread = relay;
		relay.start();
		logger.info("Outbox relay '{}' started: publishing to topic '{}' in batches of {}", this.settings.leaseOwner(),
				this.settings.topic(), this.settings.batchSize());
	}

	/**
	 * Asks for a round now rather than at the next poll; call it after committing a transaction that wrote
	 * deliveries. Cheap, non-blocking and safe from any thread.
	 */
	public void wakeUp() {
		if (!this.wakeRequested.getAndSet(true)) {
			Thread relay = this.thread;
			if (relay != null) {
				LockSupport.unpark(relay);
			}
		}
	}

	/** Stops after the round in progress; the producer is the caller's to close. */
	public synchronized void stop() {
		this.running = false;
		Thread relay = this.thread;
		if (relay == null) {
			return;
		}
		LockSupport.unpark(relay);
		try {
			relay.join(this.settings.errorBackoff().toMillis() + 30_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.thread = null;
	}

	@Override
	public void close() {
		stop();
	}

	public boolean isRunning() {
		return this.running;
	}

	public RelaySettings settings() {
		return this.settings;
	}

	/** When the relay last finished a round without error (even if nothing was due), or empty before the first. */
	public Optional<Instant> lastRelayAt() {
		return Optional.ofNullable(this.lastRelayAt);
	}

	/** Why the last round failed, while rounds keep failing; empty once a round succeeds. */
	public Optional<String> lastError() {
		return Optional.ofNullable(this.lastError);
	}

	/** Deliveries published and acknowledged since start. */
	public long relayedCount() {
		return this.relayed.get();
	}

	/**
	 * Runs one round on the caller's thread: claims a batch, publishes it and waits for the acknowledgements.
	 * @return how many deliveries were relayed
	 * @throws RuntimeException when the claim or the whole publish failed; what was claimed is given back first
	 */
	public int relayOnce() {
		// metadata first: while the broker is down a round must not claim rows only to give them back
		this.producer.partitionsFor(this.settings.topic());
		String owner = this.settings.leaseOwner() + "#" + this.batches.incrementAndGet();
		List<Delivery> claimed = this.leases.claim(owner, this.clock.instant(), this.settings.lease(),
				this.settings.batchSize());
		if (claimed.isEmpty()) {
			return 0;
		}
		List<Future<RecordMetadata>> sent = new ArrayList<>(claimed.size());
		RuntimeException sendFailure = null;
		for (Delivery delivery : claimed) {
			if (sendFailure != null) {
				sent.add(null);
				continue;
			}
			try {
				sent.add(this.producer.send(new ProducerRecord<>(this.settings.topic(), DeliveryRecords.key(delivery),
						this.records.write(delivery))));
			}
			catch (RuntimeException ex) {
				sendFailure = ex;
				sent.add(null);
			}
		}
		this.producer.flush();
		List<String> refused = new ArrayList<>();
		Exception firstError = sendFailure;
		for (int i = 0; i < claimed.size(); i++) {
			Future<RecordMetadata> future = sent.get(i);
			if (future == null) {
				refused.add(claimed.get(i).id());
				continue;
			}
			try {
				future.get();
			}
			catch (ExecutionException ex) {
				refused.add(claimed.get(i).id());
				firstError = (firstError != null) ? firstError : (Exception) ex.getCause();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				refused.add(claimed.get(i).id());
				firstError = (firstError != null) ? firstError : ex;
			}
		}
		int published = claimed.size() - refused.size();
		this.relayed.addAndGet(published);
		if (!refused.isEmpty()) {
			// due again at once: the next round publishes them when the broker takes records again
			this.leases.release(owner, refused, this.clock.instant());
			throw new RelayException(refused.size() + " of " + claimed.size() + " deliveries were not published to '"
					+ this.settings.topic() + "' and were given back: " + firstError, firstError);
		}
		return published;
	}

	private void relayLoop() {
		while (this.running) {
			this.wakeRequested.set(false);
			int relayedNow;
			try {
				relayedNow = relayOnce();
				this.lastRelayAt = this.clock.instant();
				this.lastError = null;
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				this.lastError = ex.toString();
				// one line per retry: an unreachable broker would otherwise flood the log with stack traces
				logger.warn("Relaying deliveries to Kafka failed; trying again in {} ms: {}",
						this.settings.errorBackoff().toMillis(), ex.toString());
				logger.debug("Relay failure", ex);
				LockSupport.parkNanos(this, this.settings.errorBackoff().toNanos());
				continue;
			}
			if (relayedNow < this.settings.batchSize()) {
				awaitWakeUpOrPoll();
			}
		}
	}

	private void awaitWakeUpOrPoll() {
		long deadline = System.nanoTime() + this.settings.pollInterval().toNanos();
		while (this.running && !this.wakeRequested.get()) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return;
			}
			LockSupport.parkNanos(this, remaining);
		}
	}

	/** A round whose records the broker did not all take. */
	public static final class RelayException extends RuntimeException {

		RelayException(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

}
