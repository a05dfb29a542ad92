/**
 * Runtime hooks: webhooks defined while the application runs, for any JPA entity or custom event, managed through
 * {@link dev.webhooks.hooks.HookService} and applied on every instance without a restart.
 * <p>
 * A hook's deliveries are ordinary outbox rows whose target is {@code hook:<id>}; they keep a snapshot of the
 * hook's URL, method, headers and rendered payload, and are signed with the hook's own secret.
 */
@NullMarked
package dev.webhooks.hooks;

import org.jspecify.annotations.NullMarked;
