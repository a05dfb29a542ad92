/**
 * The runtime hooks REST API (JSON in and out, RFC 9457 problem details for errors) and its access check.
 */
@NullMarked
package dev.webhooks.spring.hooks;

import org.jspecify.annotations.NullMarked;
