/**
 * Admin pages for hooks, deliveries, attempts and targets: a static page and its JSON API. They use the same services as
 * the REST API and the Actuator operations ({@code HookService}, {@code WebhookOperations}),
 * never SQL of their own; access is checked by the
 * {@link dev.webhooks.spring.security.WebhooksAccess} policy the hooks REST API checks too.
 */
@NullMarked
package dev.webhooks.admin;

import org.jspecify.annotations.NullMarked;
