/**
 * The JDBC {@link dev.webhooks.idempotency.IdempotencyStore}: plain JDBC on the table the library's migrations create
 * ({@code webhooks_idempotency_records}) on H2, PostgreSQL, MariaDB and MySQL.
 */
@NullMarked
package dev.webhooks.idempotency.jdbc;

import org.jspecify.annotations.NullMarked;
