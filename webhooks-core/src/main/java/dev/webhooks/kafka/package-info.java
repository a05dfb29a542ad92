/**
 * Dispatch through Apache Kafka: the {@link dev.webhooks.kafka.OutboxRelay} publishes claimed outbox rows to a topic,
 * and {@link dev.webhooks.kafka.KafkaDeliveryLeases} feeds them to a {@link dev.webhooks.dispatch.DeliveryDispatcher}
 * in any number of worker processes, which write their outcomes back to the outbox. The outbox stays the delivery log
 * and the delay queue for retries; Kafka carries the traffic between claim and attempt.
 */
@NullMarked
package dev.webhooks.kafka;

import org.jspecify.annotations.NullMarked;
