/**
 * Network rules shared by the hooks' validation and the HTTP transport, free of any HTTP client: which addresses a
 * webhook may reach.
 */
@NullMarked
package dev.webhooks.net;

import org.jspecify.annotations.NullMarked;
