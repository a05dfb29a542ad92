/**
 * Putting messages in the outbox: the {@link dev.webhooks.publish.WebhookPublisher} API for custom events, the
 * {@link dev.webhooks.publish.PeerServers} they go to, and the {@link dev.webhooks.publish.OutboxSink} that turns
 * captured changes and published messages alike into deliveries to servers and runtime hooks.
 */
@NullMarked
package dev.webhooks.publish;

import org.jspecify.annotations.NullMarked;
