/**
 * The JDBC {@link dev.webhooks.hooks.HookStore}: hooks in the library's own tables, with a revision counter that
 * every instance polls to see changes.
 */
@NullMarked
package dev.webhooks.hooks.jdbc;

import org.jspecify.annotations.NullMarked;
