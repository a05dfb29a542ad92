/**
 * The role check shared by the library's own endpoints (hooks REST API, admin pages) when Spring Security is present.
 */
@NullMarked
package dev.webhooks.spring.security;

import org.jspecify.annotations.NullMarked;
