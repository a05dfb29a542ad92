/**
 * Match filters: the conditions on payload fields that decide whether a hook fires for a change.
 */
@NullMarked
package dev.webhooks.hooks.match;

import org.jspecify.annotations.NullMarked;
