/**
 * Auto-configuration of the operations on the outbox: the service, the scheduled purge, the one-shot commands
 * ({@code --webhooks.command=...}), and, when Actuator and Micrometer are present, the endpoint, health and metrics.
 */
@NullMarked
package dev.webhooks.autoconfigure.operations;

import org.jspecify.annotations.NullMarked;
