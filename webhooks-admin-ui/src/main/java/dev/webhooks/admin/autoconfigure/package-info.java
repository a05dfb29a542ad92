/**
 * Auto-configuration of the admin pages, {@code webhooks.admin.*}.
 */
@NullMarked
package dev.webhooks.admin.autoconfigure;

import org.jspecify.annotations.NullMarked;
