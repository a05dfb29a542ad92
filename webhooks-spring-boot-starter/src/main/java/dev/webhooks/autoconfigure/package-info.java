/**
 * Spring Boot auto-configuration: wires the core from {@code webhooks.*} properties. Every bean backs off when the
 * application defines its own.
 */
@NullMarked
package dev.webhooks.autoconfigure;

import org.jspecify.annotations.NullMarked;
