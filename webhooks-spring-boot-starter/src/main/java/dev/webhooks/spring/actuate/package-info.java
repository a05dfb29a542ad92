/**
 * Actuator and Micrometer support: the {@code webhooks} endpoint, the health indicator and the metrics of deliveries,
 * attempts, the queue and captures, and of the realtime push.
 */
@NullMarked
package dev.webhooks.spring.actuate;

import org.jspecify.annotations.NullMarked;
