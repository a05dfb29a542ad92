/**
 * Entity change capture: {@link dev.webhooks.capture.HttpReceiver} marks the entities whose changes become webhooks,
 * and {@link dev.webhooks.capture.CapturePlan} says what each one sends. The Hibernate adapter is in
 * {@code dev.webhooks.capture.hibernate}.
 */
@NullMarked
package dev.webhooks.capture;

import org.jspecify.annotations.NullMarked;
