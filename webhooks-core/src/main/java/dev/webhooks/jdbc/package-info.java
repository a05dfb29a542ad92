/**
 * What the JDBC stores share: which database they talk to, and the schema migrations that create their tables.
 */
@NullMarked
package dev.webhooks.jdbc;

import org.jspecify.annotations.NullMarked;
