/**
 * Hibernate event listeners that collect realtime events during the flush and release them after commit.
 */
@NullMarked
package dev.webhooks.realtime.hibernate;

import org.jspecify.annotations.NullMarked;
