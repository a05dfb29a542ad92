/**
 * Entity change capture: {@link dev.webhooks.capture.HttpReceiver} marks the entities whose changes go to peer
 * servers and {@link dev.webhooks.capture.CapturePlan} says what each one sends. Each change is taken once as an
 * {@link dev.webhooks.capture.EntityChange} and handed to the {@link dev.webhooks.capture.ChangeSink}s (the outbox,
 * realtime channels), which leave their work in the transaction's {@link dev.webhooks.capture.TransactionBuffer}.
 * The Hibernate adapter is in {@code dev.webhooks.capture.hibernate}.
 */
@NullMarked
package dev.webhooks.capture;

import org.jspecify.annotations.NullMarked;
