/**
 * Auto-configuration of the Kafka dispatch mode, {@code webhooks.dispatch.mode=kafka} and {@code webhooks.kafka.*}:
 * the outbox relay that publishes due deliveries to a topic and the worker whose dispatcher consumes it.
 */
@NullMarked
package dev.webhooks.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
