/**
 * The receiving side: the {@link dev.webhooks.receive.WebhookInbox} verifies a signed request, turns it into a
 * {@link dev.webhooks.message.WebhookMessage} and routes it to the {@link dev.webhooks.receive.WebhookHandler}
 * method registered for its topic. Requests of third-party Standard Webhooks senders, each an
 * {@link dev.webhooks.receive.InboundSource}, are routed by the event type in their body.
 */
@NullMarked
package dev.webhooks.receive;

import org.jspecify.annotations.NullMarked;
