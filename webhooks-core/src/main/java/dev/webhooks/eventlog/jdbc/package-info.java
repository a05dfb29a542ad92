/**
 * The event log in {@code webhooks_event_log}, through plain JDBC, on H2, PostgreSQL, MariaDB and MySQL.
 */
@NullMarked
package dev.webhooks.eventlog.jdbc;

import org.jspecify.annotations.NullMarked;
