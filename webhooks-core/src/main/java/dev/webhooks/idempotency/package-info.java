/**
 * Idempotency keys: the annotations that mark endpoints, the {@link dev.webhooks.idempotency.IdempotencyStore} that
 * claims keys atomically, and the {@link dev.webhooks.idempotency.IdempotencyGuard} that decides whether a request
 * runs, is replayed, or is refused. Web-framework free, so the servlet filter and the webhook receiver share it.
 */
@NullMarked
package dev.webhooks.idempotency;

import org.jspecify.annotations.NullMarked;
