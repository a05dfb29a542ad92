/**
 * The runtime hooks REST API (JSON in and out, RFC 9457 problem details for errors), its access check and its
 * OpenAPI description for springdoc.
 */
@NullMarked
package dev.webhooks.spring.hooks;

import org.jspecify.annotations.NullMarked;
