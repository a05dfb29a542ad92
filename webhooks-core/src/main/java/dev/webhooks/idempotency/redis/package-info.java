/**
 * The Redis {@link dev.webhooks.idempotency.IdempotencyStore} on Lettuce: claims with {@code SET NX PX}, completion and
 * release by small scripts that only the claim's owner can pass.
 */
@NullMarked
package dev.webhooks.idempotency.redis;

import org.jspecify.annotations.NullMarked;
