/**
 * A broadcast of realtime events over the database, so every application instance reaches its own subscribers.
 */
@NullMarked
package dev.webhooks.realtime.jdbc;

import org.jspecify.annotations.NullMarked;
