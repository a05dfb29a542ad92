/**
 * The Redis {@link dev.webhooks.idempotency.IdempotencyStore}: claims with {@code SET NX PX}, completion and release
 * by small scripts that only the claim's owner can pass, sent through {@link RedisRecordCommands} so any Redis client
 * can carry them (Lettuce here, Spring Data Redis in the starter).
 */
@NullMarked
package dev.webhooks.idempotency.redis;

import org.jspecify.annotations.NullMarked;
