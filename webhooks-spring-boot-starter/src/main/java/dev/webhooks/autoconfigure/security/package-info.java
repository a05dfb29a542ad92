/**
 * Auto-configuration of the one access policy the hooks REST API and the admin pages check.
 */
@NullMarked
package dev.webhooks.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
