/**
 * Joins Spring-managed transactions, so published messages commit with the caller's work.
 */
@NullMarked
package dev.webhooks.spring.transaction;

import org.jspecify.annotations.NullMarked;
