/**
 * Putting messages in the outbox: the {@link dev.webhooks.publish.WebhookPublisher} API for custom events, the
 * {@link dev.webhooks.publish.PeerServers} they go to, and the {@link dev.webhooks.publish.DeliveryFactory} that
 * renders one delivery per target.
 */
@NullMarked
package dev.webhooks.publish;

import org.jspecify.annotations.NullMarked;
