package dev.webhooks.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.Target;

/**
 * The leases of a delivery worker in Kafka mode: a {@link dev.webhooks.dispatch.DeliveryDispatcher} claims from the
 * topic an {@link OutboxRelay} publishes to, and its outcomes go to the outbox, which stays the delivery log. A
 * record's offset is committed only once the outcome of its delivery is written (or the delivery was given back to the
 * outbox), so a worker that dies leaves its uncommitted records to the next member of the group, and nothing is lost.
 * <p>
 * Before a batch is sent, one read checks that each delivery is still claimed under the relay's lease: a record
 * redelivered after a worker died whose outcome was already written is dropped rather than sent again, so duplicates
 * are limited to the sends whose outcome was not yet written. Retries, deferrals and throttling go back to the outbox,
 * which publishes them again when due: the outbox is the delay queue, with the dispatcher's own backoff, attempt
 * budget and {@code Retry-After} handling.
 * <p>
 * The consumer must have auto-commit off; it is used only from the dispatcher's claiming thread.
 */
public final class KafkaDeliveryLeases implements DeliveryLeases, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(KafkaDeliveryLeases.class);

	private final DeliveryLeases outbox;

	private final Consumer<String, byte[]> consumer;

	private final DeliveryRecords records;

	private final String topic;

	private final Duration pollTimeout;

	/** Fetched records not yet handed to the dispatcher. */
	private final ArrayDeque<ConsumerRecord<String, byte[]>> fetched = new ArrayDeque<>();

	/** Per partition, the offsets handed out and not yet settled; the committed offset stays below the least. */
	private final Map<TopicPartition, TreeSet<Long>> unsettled = new HashMap<>();

	/** Per partition, the offset after the last record fetched. */
	private final Map<TopicPartition, Long> fetchedUpTo = new HashMap<>();

	private final Map<TopicPartition, Long> committed = new HashMap<>();

	/** The records handed out, by delivery id: the relay's lease owner and where to settle them. */
	private final Map<String, Handed> handed = new ConcurrentHashMap<>();

	/** Settled records, written by any thread, drained by the claiming one. */
	private final ConcurrentLinkedQueue<Handed> settled = new ConcurrentLinkedQueue<>();

	private volatile Runnable pollAgain = () -> {
	};

	private volatile Runnable orderedFinished = () -> {
	};

	private boolean subscribed;

	private boolean closed;

	/**
	 * @param outbox where outcomes are written and what is given back goes
	 * @param consumer a consumer with auto-commit off, of string keys and byte array values
	 * @param records the record format
	 * @param topic the topic the relay publishes to
	 * @param pollTimeout how long a claim waits for records when none are fetched
	 */
	public KafkaDeliveryLeases(DeliveryLeases outbox, Consumer<String, byte[]> consumer, DeliveryRecords records,
			String topic, Duration pollTimeout) {
		this.outbox = Objects.requireNonNull(outbox, "outbox");
		this.consumer = Objects.requireNonNull(consumer, "consumer");
		this.records = Objects.requireNonNull(records, "records");
		this.topic = Objects.requireNonNull(topic, "topic");
		this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
	}

	/**
	 * What to call after each claim so that the dispatcher claims again at once: a claim waits in the consumer's poll,
	 * so the dispatcher's own poll interval would only add to the latency. Pass the dispatcher's {@code wakeUp}.
	 */
	public void pollAgain(Runnable pollAgain) {
		this.pollAgain = Objects.requireNonNull(pollAgain, "pollAgain");
	}

	/**
	 * What to call when an ordered delivery finished, which makes the next one of its lane claimable: the local
	 * relay's {@code wakeUp}, so the lane does not wait for the relay's next poll.
	 */
	public void onOrderedFinished(Runnable orderedFinished) {
		this.orderedFinished = Objects.requireNonNull(orderedFinished, "orderedFinished");
	}

	@Override
	public List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit) {
		return claim(leaseOwner, now, lease, limit, Set.of());
	}

	/**
	 * Hands out up to {@code limit} fetched records, polling when none are left. The worker's own owner, lease and
	 * skipped targets do not apply: each record carries the relay's claim, and what the lanes cannot take is deferred
	 * back to the outbox.
	 */
	@Override
	public synchronized List<Delivery> claim(String leaseOwner, Instant now, Duration lease, int limit,
			Set<Target> skipped) {
		if (this.closed) {
			return List.of();
		}
		if (!this.subscribed) {
			this.consumer.subscribe(List.of(this.topic), new Rebalance());
			this.subscribed = true;
		}
		settle();
		commit(false);
		if (this.fetched.isEmpty()) {
			for (ConsumerRecord<String, byte[]> record : this.consumer.poll(this.pollTimeout)) {
				this.fetched.add(record);
				this.fetchedUpTo.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
			}
		}
		Map<String, Delivery> taken = new LinkedHashMap<>();
		List<ConsumerRecord<String, byte[]>> takenRecords = new ArrayList<>();
		Map<String, String> ownerById = new HashMap<>();
		while (taken.size() < limit && !this.fetched.isEmpty()) {
			ConsumerRecord<String, byte[]> record = this.fetched.poll();
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			this.unsettled.computeIfAbsent(partition, (key) -> new TreeSet<>()).add(record.offset());
			Handed unread = new Handed(null, partition, record.offset(), false);
			Delivery delivery;
			try {
				delivery = this.records.read(record.value());
			}
			catch (RuntimeException ex) {
				// not ours to send: skipping it keeps the partition moving, and the outbox still holds the delivery
				logger.error("Skipping record {}-{} at offset {}: {}", record.topic(), record.partition(),
						record.offset(), ex.getMessage());
				settleNow(unread);
				continue;
			}
			if (delivery.leaseOwner() == null || this.handed.containsKey(delivery.id())
					|| taken.containsKey(delivery.id())) {
				// a second copy while the first is being sent: the first one's outcome settles the delivery
				settleNow(unread);
				continue;
			}
			taken.put(delivery.id(), delivery);
			takenRecords.add(record);
			ownerById.put(delivery.id(), delivery.leaseOwner());
			this.handed.put(delivery.id(),
					new Handed(delivery.leaseOwner(), partition, record.offset(), delivery.orderingKey() != null));
		}
		if (!taken.isEmpty()) {
			Set<String> held;
			try {
				held = this.outbox.held(ownerById);
			}
			catch (RuntimeException ex) {
				// the outbox is unreachable, so no outcome could be written either: hand the records out again later
				for (String id : taken.keySet()) {
					settleNow(Objects.requireNonNull(this.handed.remove(id)));
				}
				for (int i = takenRecords.size() - 1; i >= 0; i--) {
					this.fetched.addFirst(takenRecords.get(i));
				}
				throw ex;
			}
			for (Iterator<Delivery> it = taken.values().iterator(); it.hasNext();) {
				Delivery delivery = it.next();
				if (!held.contains(delivery.id())) {
					// completed already (by a worker that died before committing), or claimed again by a relay
					it.remove();
					finish(delivery.id());
				}
			}
		}
		this.pollAgain.run();
		return new ArrayList<>(taken.values());
	}

	/** Writes the outcomes under the relay's lease, then lets the offsets of their records be committed. */
	@Override
	public int complete(List<DeliveryOutcome> outcomes, Instant now) {
		List<DeliveryOutcome> underRelayLease = new ArrayList<>(outcomes.size());
		for (DeliveryOutcome outcome : outcomes) {
			Handed record = this.handed.get(outcome.deliveryId());
			String owner = (record != null && record.owner() != null) ? record.owner() : outcome.leaseOwner();
			underRelayLease.add(new DeliveryOutcome(outcome.attempt(), owner, outcome.status(),
					outcome.nextAttemptAt(), outcome.countsAttempt()));
		}
		int written = this.outbox.complete(underRelayLease, now);
		boolean ordered = false;
		for (DeliveryOutcome outcome : outcomes) {
			ordered |= finish(outcome.deliveryId());
		}
		if (ordered) {
			this.orderedFinished.run();
		}
		return written;
	}

	@Override
	public int release(String leaseOwner, Collection<String> deliveryIds, Instant now) {
		int released = 0;
		for (Map.Entry<String, List<String>> byOwner : groupByOwner(leaseOwner, deliveryIds).entrySet()) {
			released += this.outbox.release(byOwner.getKey(), byOwner.getValue(), now);
		}
		deliveryIds.forEach(this::finish);
		return released;
	}

	@Override
	public int defer(String leaseOwner, Map<String, Instant> dueAtById, Instant now) {
		int deferred = 0;
		for (Map.Entry<String, List<String>> byOwner : groupByOwner(leaseOwner, dueAtById.keySet()).entrySet()) {
			Map<String, Instant> due = new HashMap<>();
			byOwner.getValue().forEach((id) -> due.put(id, dueAtById.get(id)));
			deferred += this.outbox.defer(byOwner.getKey(), due, now);
		}
		dueAtById.keySet().forEach(this::finish);
		return deferred;
	}

	@Override
	public int deferTarget(Target target, Instant dueAt, Instant now) {
		return this.outbox.deferTarget(target, dueAt, now);
	}

	@Override
	public Set<String> held(Map<String, String> leaseOwnerById) {
		return this.outbox.held(leaseOwnerById);
	}

	/**
	 * Commits what is settled and closes the consumer. Call it after the dispatcher stopped, so that every record it
	 * handed out is settled; a record still unsettled is consumed again by the group.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			settle();
			commit(true);
		}
		catch (RuntimeException ex) {
			logger.warn("Committing the settled offsets on close failed; their records will be consumed again: {}",
					ex.toString());
		}
		finally {
			this.consumer.close();
		}
	}

	private Map<String, List<String>> groupByOwner(String leaseOwner, Collection<String> deliveryIds) {
		Map<String, List<String>> byOwner = new LinkedHashMap<>();
		for (String id : deliveryIds) {
			Handed record = this.handed.get(id);
			String owner = (record != null && record.owner() != null) ? record.owner() : leaseOwner;
			byOwner.computeIfAbsent(owner, (key) -> new ArrayList<>()).add(id);
		}
		return byOwner;
	}

	/** Marks a delivery's record settled; returns whether it was ordered. */
	private boolean finish(String deliveryId) {
		Handed record = this.handed.remove(deliveryId);
		if (record == null) {
			return false;
		}
		this.settled.add(record);
		return record.ordered();
	}

	private void settleNow(Handed record) {
		TreeSet<Long> offsets = this.unsettled.get(record.partition());
		if (offsets != null) {
			offsets.remove(record.offset());
		}
	}

	/** On the claiming thread: takes the settled records off their partitions' unsettled offsets. */
	private void settle() {
		Handed record;
		while ((record = this.settled.poll()) != null) {
			settleNow(record);
		}
	}

	/** Commits, per partition, the offset below which every record is settled. */
	private void commit(boolean sync) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (Map.Entry<TopicPartition, Long> partition : this.fetchedUpTo.entrySet()) {
			TreeSet<Long> open = this.unsettled.get(partition.getKey());
			long upTo = (open == null || open.isEmpty()) ? partition.getValue() : open.first();
			// records fetched but not yet handed out are not settled either
			for (ConsumerRecord<String, byte[]> waiting : this.fetched) {
				if (waiting.partition() == partition.getKey().partition() && waiting.offset() < upTo) {
					upTo = waiting.offset();
				}
			}
			Long last = this.committed.get(partition.getKey());
			if (last == null || upTo > last) {
				offsets.put(partition.getKey(), new OffsetAndMetadata(upTo));
			}
		}
		if (offsets.isEmpty()) {
			return;
		}
		if (sync) {
			this.consumer.commitSync(offsets);
			offsets.forEach((partition, offset) -> this.committed.put(partition, offset.offset()));
		}
		else {
			this.consumer.commitAsync(offsets, (done, ex) -> {
				if (ex != null) {
					// the next commit covers these offsets too
					logger.debug("Committing offsets failed: {}", ex.toString());
				}
			});
			offsets.forEach((partition, offset) -> this.committed.put(partition, offset.offset()));
		}
	}

	/** A record handed to the dispatcher. */
	private record Handed(@Nullable String owner, TopicPartition partition, long offset, boolean ordered) {
	}

	/** Commits the settled offsets of partitions taken away, and forgets what was fetched from them. */
	private final class Rebalance implements ConsumerRebalanceListener {

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			settle();
			try {
				commit(true);
			}
			catch (RuntimeException ex) {
				logger.warn("Committing offsets before a rebalance failed; their records will be consumed again: {}",
						ex.toString());
			}
			forget(partitions);
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			forget(partitions);
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			// the group's committed offsets say where to start
		}

		private void forget(Collection<TopicPartition> partitions) {
			for (TopicPartition partition : partitions) {
				KafkaDeliveryLeases.this.unsettled.remove(partition);
				KafkaDeliveryLeases.this.fetchedUpTo.remove(partition);
				KafkaDeliveryLeases.this.committed.remove(partition);
			}
			KafkaDeliveryLeases.this.fetched.removeIf((record) -> partitions
				.contains(new TopicPartition(record.topic(), record.partition())));
		}

	}

}
