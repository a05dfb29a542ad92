/**
 * Operational events: what happens to a target or a delivery that its operators should hear of as it happens (a
 * target disabled or enabled again, a circuit opened or closed, a delivery out of attempts). The core raises them to
 * an {@link dev.webhooks.events.OperationalEventListener}; the starter publishes them as Spring application events
 * and, optionally, as operational webhooks.
 */
@NullMarked
package dev.webhooks.events;

import org.jspecify.annotations.NullMarked;
