/**
 * Auto-configuration of idempotency keys: the store (JDBC, Redis, memory or Spring Cache), the guard the webhook
 * receiver shares, and the servlet filter for Spring MVC endpoints.
 */
@NullMarked
package dev.webhooks.autoconfigure.idempotency;

import org.jspecify.annotations.NullMarked;
