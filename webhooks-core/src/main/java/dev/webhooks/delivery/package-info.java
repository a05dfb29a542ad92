/**
 * The outbox: deliveries waiting to be sent, their attempts, and the {@link dev.webhooks.delivery.DeliveryStore}
 * that claims and completes them.
 */
@NullMarked
package dev.webhooks.delivery;

import org.jspecify.annotations.NullMarked;
