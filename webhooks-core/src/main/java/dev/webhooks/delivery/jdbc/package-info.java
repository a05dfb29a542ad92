/**
 * The outbox on a relational database through plain JDBC: {@link dev.webhooks.delivery.jdbc.JdbcDeliveryStore} on
 * H2, PostgreSQL, MariaDB and MySQL, with the tables created by {@link dev.webhooks.jdbc.WebhooksSchema}.
 */
@NullMarked
package dev.webhooks.delivery.jdbc;

import org.jspecify.annotations.NullMarked;
