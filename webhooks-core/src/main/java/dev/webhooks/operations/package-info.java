/**
 * What an operator does with the outbox: retry, send now, cancel, monitor, purge and statistics. The same
 * {@link dev.webhooks.operations.WebhookOperations} serves the Actuator endpoint and the one-shot commands, so both
 * take the same {@link dev.webhooks.operations.OperationArguments} and give the same reports.
 */
@NullMarked
package dev.webhooks.operations;

import org.jspecify.annotations.NullMarked;
