/**
 * The outbox: deliveries waiting to be sent and their attempts, behind one small interface per role: the
 * {@link dev.webhooks.delivery.OutboxWriter} that writes them with the application's change, the
 * {@link dev.webhooks.delivery.DeliveryLeases} dispatchers claim and complete, the
 * {@link dev.webhooks.delivery.DeliveryQueries} and {@link dev.webhooks.delivery.DeliveryCommands} of operators, and
 * the {@link dev.webhooks.delivery.TargetStates} of failing targets.
 */
@NullMarked
package dev.webhooks.delivery;

import org.jspecify.annotations.NullMarked;
