/**
 * What both ends agree on: the {@link dev.webhooks.message.WebhookEnvelope} every webhook carries and its
 * {@link dev.webhooks.message.EnvelopeCodec}, the received {@link dev.webhooks.message.WebhookMessage}, message ids,
 * and the {@link dev.webhooks.message.InboundContext} of the message being handled.
 */
@NullMarked
package dev.webhooks.message;

import org.jspecify.annotations.NullMarked;
