/**
 * The {@link dev.webhooks.dispatch.WebhookTransport} on OkHttp: one shared client with a connection pool.
 */
@NullMarked
package dev.webhooks.dispatch.okhttp;

import org.jspecify.annotations.NullMarked;
