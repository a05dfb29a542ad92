/**
 * The outbox on a relational database through plain JDBC, one class per role ({@code JdbcOutboxWriter},
 * {@code JdbcDeliveryLeases}, {@code JdbcDeliveryQueries}, {@code JdbcDeliveryCommands}, {@code JdbcTargetStates}),
 * on H2, PostgreSQL, MariaDB and MySQL, with the SQL that differs per database in {@code OutboxDialect} and the
 * tables created by {@link dev.webhooks.jdbc.WebhooksSchema}.
 */
@NullMarked
package dev.webhooks.delivery.jdbc;

import org.jspecify.annotations.NullMarked;
