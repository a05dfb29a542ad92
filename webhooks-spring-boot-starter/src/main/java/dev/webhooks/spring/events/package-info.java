/**
 * Operational events as Spring application events.
 */
@NullMarked
package dev.webhooks.spring.events;

import org.jspecify.annotations.NullMarked;
