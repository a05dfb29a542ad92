/**
 * Idempotency keys for Spring MVC: the servlet filter, how it finds each endpoint's annotations, the
 * {@link dev.webhooks.spring.idempotency.IdempotencyKeyStatus} argument for manual endpoints, and the store on
 * Spring's {@code Cache} abstraction.
 */
@NullMarked
package dev.webhooks.spring.idempotency;

import org.jspecify.annotations.NullMarked;
