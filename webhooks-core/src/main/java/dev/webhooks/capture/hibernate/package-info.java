/**
 * Captures entity changes with Hibernate's post-action event listeners and writes them to the outbox in a
 * before-transaction-completion callback, so the rows commit or roll back with the change (as Hibernate Envers
 * writes its audit rows).
 */
@NullMarked
package dev.webhooks.capture.hibernate;

import org.jspecify.annotations.NullMarked;
