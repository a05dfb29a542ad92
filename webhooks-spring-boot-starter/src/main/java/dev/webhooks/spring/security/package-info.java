/**
 * Who may use the library's own endpoints (hooks REST API, admin pages): the one {@link
 * dev.webhooks.spring.security.WebhooksAccess} policy both check, and its Spring Security implementation.
 */
@NullMarked
package dev.webhooks.spring.security;

import org.jspecify.annotations.NullMarked;
