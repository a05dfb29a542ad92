/**
 * Sending the outbox: the {@link dev.webhooks.dispatch.DeliveryDispatcher} claims due deliveries, signs them, sends
 * them through a {@link dev.webhooks.dispatch.WebhookTransport} and schedules retries with a
 * {@link dev.webhooks.dispatch.RetryPolicy}.
 */
@NullMarked
package dev.webhooks.dispatch;

import org.jspecify.annotations.NullMarked;
