/**
 * Captures entity changes with one Hibernate post-action event listener per session factory, and keeps what its
 * sinks make of them in one buffer per transaction, handled in a before-transaction-completion callback so outbox
 * rows commit or roll back with the change (as Hibernate Envers writes its audit rows).
 */
@NullMarked
package dev.webhooks.capture.hibernate;

import org.jspecify.annotations.NullMarked;
